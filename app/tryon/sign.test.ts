import { describe, expect, it } from "vitest";
import { aidgeSign, buildSignedUrl, AIDGE_HOSTS } from "./sign";
import { encodeQueryBody, encodeSubmitBody } from "./wire";
import { validateTryOnRequest } from "./schema";

// Spec §1.7 worked example (made-up credentials).
const SECRET = "TestSecret0123456789abcdefABCDEF";
const TS = "1735689600000";
const SIGN = "E6DF98DFE2B7A1498DEBE743BCF2EC628C7B05080A74AB45B87CFAC3B0754E6A";

describe("aidgeSign (spec §1.7 test vectors)", () => {
  it.each([
    [SECRET, TS, SIGN],
    ["abc", "1700000000000", "50F8DD810A14D1E96065BD5D05372EC6FAFB4C43A08EF5B8E16FD381A59CF9FA"],
    ["S3cr3t-äöü", "1735689600000", "7748CDA7EDD00648ABA772645D0739247130ECAEAC37B080E989D6F9E83D8BB7"],
  ])("GIVEN secret %s and timestamp %s THEN the sign is %s", (secret, ts, sign) => {
    expect(aidgeSign(secret, ts)).toBe(sign);
  });
});

describe("buildSignedUrl", () => {
  it("GIVEN the worked example THEN the URL is byte-identical to the spec's", () => {
    expect(buildSignedUrl({ apiName: "/ai/virtual/tryon", appKey: "500123", appSecret: SECRET, timestamp: 1735689600000 })).toBe(
      "https://api.aidc-ai.com/rest/ai/virtual/tryon?partner_id=aidge&sign_method=sha256&sign_ver=v2&app_key=500123&timestamp=1735689600000&sign=E6DF98DFE2B7A1498DEBE743BCF2EC628C7B05080A74AB45B87CFAC3B0754E6A",
    );
  });

  it("GIVEN region cn THEN the China host is used; GIVEN a baseUrl THEN it wins (trailing slash ignored)", () => {
    const common = { apiName: "/ai/virtual/tryon-results", appKey: "1", appSecret: "s", timestamp: 1 };
    expect(buildSignedUrl({ ...common, region: "cn" }).startsWith(`${AIDGE_HOSTS.cn}/rest/ai/virtual/tryon-results?`)).toBe(true);
    expect(buildSignedUrl({ ...common, region: "cn", baseUrl: "http://127.0.0.1:4010/" }).startsWith("http://127.0.0.1:4010/rest/ai/virtual/tryon-results?partner_id=aidge")).toBe(true);
  });

  it("GIVEN an API name without a leading slash THEN it throws (it would build /restai/…)", () => {
    expect(() => buildSignedUrl({ apiName: "ai/virtual/tryon", appKey: "1", appSecret: "s", timestamp: 1 })).toThrow(/leading|start/);
  });
});

describe("wire bodies", () => {
  it("GIVEN the worked example's request THEN the submit body is byte-identical to the spec's", () => {
    const v = validateTryOnRequest({
      clothesList: [{ imageUrl: "https://example.com/shirt.jpg", type: "tops" }],
      model: { base: "General", gender: "female", style: "universal_1", body: "slim" },
      viewType: "mixed",
      inputQualityDetect: 0,
      generateCount: 4,
    });
    if (!v.ok) throw new Error("expected valid");
    expect(encodeSubmitBody(v.value)).toBe(
      '{"requestParams":"[{\\"clothesList\\":[{\\"imageUrl\\":\\"https://example.com/shirt.jpg\\",\\"type\\":\\"tops\\"}],\\"model\\":{\\"base\\":\\"General\\",\\"gender\\":\\"female\\",\\"style\\":\\"universal_1\\",\\"body\\":\\"slim\\"},\\"viewType\\":\\"mixed\\",\\"inputQualityDetect\\":0,\\"generateCount\\":4}]"}',
    );
  });

  it("GIVEN a task id THEN the query body is flat {task_id}", () => {
    expect(encodeQueryBody("1ce4fd33-b9d5-4e21-a24c-0c4027d2b105")).toBe('{"task_id":"1ce4fd33-b9d5-4e21-a24c-0c4027d2b105"}');
  });

  it("GIVEN a named model and model photos THEN the wire request carries base+name and modelImage", () => {
    const v = validateTryOnRequest({ clothesList: [{ imageUrl: "https://e.com/a.png" }], model: { name: "James", gender: "female" }, modelImage: ["https://e.com/m.jpg"] });
    if (!v.ok) throw new Error("expected valid");
    const inner = JSON.parse(JSON.parse(encodeSubmitBody(v.value)).requestParams);
    expect(inner).toEqual([{ clothesList: [{ imageUrl: "https://e.com/a.png" }], modelImage: ["https://e.com/m.jpg"], model: { base: "General", name: "James" }, viewType: "fullbody", inputQualityDetect: 0, generateCount: 4 }]);
  });
});
