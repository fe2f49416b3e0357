import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultDownloadPolicy, UnsafeDownloadError, type DownloadPolicy } from "../../app/security/download-policy";
import { checkDownloadUrl } from "../../app/security/download-url";
import { isPrivateAddress } from "../../app/security/private-address";
import { safeDownload } from "../../app/security/safe-download";

/**
 * The result-download guard against crafted result URLs, over real HTTP: a local server plays the
 * configured try-on stand-in (the only trusted origin), and every other address is refused.
 */
let server: Server;
let origin = "";
let png: Buffer;

beforeAll(async () => {
  png = await sharp({ create: { width: 64, height: 96, channels: 3, background: "#c33" } }).png().toBuffer();
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    switch (url.pathname) {
      case "/result.png":
        res.writeHead(200, { "Content-Type": "image/png", "Content-Length": png.length });
        return res.end(png);
      case "/page.html":
        res.writeHead(200, { "Content-Type": "text/html" });
        return res.end("<html>not an image</html>");
      case "/fake.png":
        res.writeHead(200, { "Content-Type": "image/png" });
        return res.end("GIF89a pretending");
      case "/big-declared.png":
        res.writeHead(200, { "Content-Type": "image/png", "Content-Length": 50_000 });
        return res.end(Buffer.alloc(50_000));
      case "/big-chunked.png": {
        res.writeHead(200, { "Content-Type": "image/png" });
        let sent = 0;
        const pump = () => {
          if (sent > 200_000 || res.destroyed) return res.end();
          sent += 10_000;
          res.write(Buffer.alloc(10_000), pump);
        };
        return pump();
      }
      case "/missing.png":
        res.writeHead(404);
        return res.end();
      case "/slow.png":
        setTimeout(() => {
          if (!res.destroyed) {
            res.writeHead(200, { "Content-Type": "image/png" });
            res.end(png);
          }
        }, 3_000);
        return;
      case "/redirect":
        res.writeHead(302, { Location: url.searchParams.get("to") ?? "/result.png" });
        return res.end();
      case "/loop":
        res.writeHead(302, { Location: "/loop" });
        return res.end();
      default:
        res.writeHead(500);
        return res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const policy = (): DownloadPolicy => ({ ...resultDownloadPolicy({ aidgeBaseUrl: origin }), maxBytes: 20_000, timeoutMs: 1_000 });

async function refusal(url: string, p: DownloadPolicy = policy()): Promise<UnsafeDownloadError> {
  const error = await safeDownload(url, p).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${url} to be refused`).toBeInstanceOf(UnsafeDownloadError);
  return error as UnsafeDownloadError;
}

describe("result downloads: what is allowed", () => {
  it("GIVEN the configured provider origin serving a PNG WHEN downloaded THEN the image bytes come back", async () => {
    const result = await safeDownload(`${origin}/result.png`, policy());
    expect(result.contentType).toBe("image/png");
    expect(result.bytes.equals(png)).toBe(true);
    expect((await sharp(result.bytes).metadata()).width).toBe(64);
  });

  it("GIVEN a redirect that stays on the provider origin WHEN followed THEN the image is downloaded", async () => {
    const result = await safeDownload(`${origin}/redirect?to=/result.png`, policy());
    expect(result.url).toBe(`${origin}/result.png`);
  });

  it("GIVEN provider host names WHEN checked THEN api hosts and OSS sub-domains pass, look-alikes do not", () => {
    const p = resultDownloadPolicy();
    expect(checkDownloadUrl("https://api.aidc-ai.com/r/1.png", p).url.hostname).toBe("api.aidc-ai.com");
    expect(checkDownloadUrl("https://bucket.oss-us-east-1.aliyuncs.com/r/1.png?Expires=2719383922", p).trusted).toBe(false);
    expect(() => checkDownloadUrl("https://aliyuncs.com.evil.example/r.png", p)).toThrow(UnsafeDownloadError);
    expect(() => checkDownloadUrl("https://evilaliyuncs.com/r.png", p)).toThrow(UnsafeDownloadError);
  });
});

describe("result downloads: crafted URLs are refused", () => {
  it.each([
    ["loopback on another port", () => `http://127.0.0.1:1/result.png`, "scheme_not_allowed"],
    ["loopback over https", () => "https://127.0.0.1/result.png", "private_address"],
    ["link-local cloud metadata", () => "https://169.254.169.254/latest/meta-data/iam", "private_address"],
    ["a private network address", () => "https://10.0.0.7/result.png", "private_address"],
    ["IPv6 loopback", () => "https://[::1]/result.png", "private_address"],
    ["IPv4-mapped IPv6 loopback", () => "https://[::ffff:127.0.0.1]/result.png", "private_address"],
    ["hex-form IPv4-mapped loopback", () => "https://[::ffff:7f00:1]/result.png", "private_address"],
    ["NAT64 to loopback (64:ff9b::/96)", () => "https://[64:ff9b::7f00:1]/result.png", "private_address"],
    ["NAT64 local-use prefix (64:ff9b:1::/48)", () => "https://[64:ff9b:1::a9fe:a9fe]/result.png", "private_address"],
    ["6to4 to loopback (2002::/16)", () => "https://[2002:7f00:1::1]/result.png", "private_address"],
    ["IPv6 site-local (fec0::/10)", () => "https://[fec0::1]/result.png", "private_address"],
    ["a decimal IPv4 literal (2130706433 = 127.0.0.1)", () => "https://2130706433/result.png", "private_address"],
    ["another host", () => "https://evil.example.com/result.png", "host_not_allowed"],
    ["a public IP literal", () => "https://8.8.8.8/result.png", "host_not_allowed"],
    ["credentials in the URL", () => "https://user:pw@api.aidc-ai.com/result.png", "credentials_in_url"],
    ["a file URL", () => "file:///etc/passwd", "scheme_not_allowed"],
    ["plain http to the provider", () => "http://api.aidc-ai.com/result.png", "scheme_not_allowed"],
    ["not a URL", () => "javascript:alert(1)", "scheme_not_allowed"],
    ["garbage", () => "::::", "invalid_url"],
  ])("GIVEN %s WHEN downloaded THEN it is refused before any connection", async (_name, url, reason) => {
    expect((await refusal(url())).reason).toBe(reason);
  });

  it("GIVEN an allowed host name that resolves to loopback (DNS rebinding) WHEN downloaded THEN the connect-time check refuses it", async () => {
    const port = new URL(origin).port;
    const rebinding: DownloadPolicy = { allowedHosts: ["localhost"], timeoutMs: 2_000 };
    const error = await refusal(`https://localhost:${port}/result.png`, rebinding);
    expect(error.reason).toBe("private_address");
    expect(error.message).toContain("private address");
  });

  it("GIVEN the provider redirecting to the metadata address or another local port WHEN followed THEN the hop is refused", async () => {
    expect((await refusal(`${origin}/redirect?to=${encodeURIComponent("https://169.254.169.254/latest")}`)).reason).toBe("private_address");
    expect((await refusal(`${origin}/redirect?to=${encodeURIComponent("http://127.0.0.1:1/x.png")}`)).reason).toBe("scheme_not_allowed");
    expect((await refusal(`${origin}/loop`)).reason).toBe("too_many_redirects");
  });
});

describe("result downloads: size, type and time limits", () => {
  it("GIVEN a non-image content type WHEN downloaded THEN it is refused naming the type", async () => {
    const error = await refusal(`${origin}/page.html`);
    expect(error.reason).toBe("content_type");
    expect(error.message).toContain("text/html");
  });

  it("GIVEN bytes that are not what the content type claims WHEN downloaded THEN they are refused", async () => {
    expect((await refusal(`${origin}/fake.png`)).reason).toBe("not_an_image");
  });

  it("GIVEN a body over the limit, declared or streamed WHEN downloaded THEN it is refused without buffering it all", async () => {
    expect((await refusal(`${origin}/big-declared.png`)).reason).toBe("too_large");
    expect((await refusal(`${origin}/big-chunked.png`)).reason).toBe("too_large");
  });

  it("GIVEN a 404 or a server that never answers WHEN downloaded THEN the error says which", async () => {
    expect((await refusal(`${origin}/missing.png`)).message).toContain("HTTP 404");
    expect((await refusal(`${origin}/slow.png`, { ...policy(), timeoutMs: 200 })).reason).toBe("timeout");
  });
});

describe("address classification", () => {
  it("GIVEN addresses WHEN classified THEN private, loopback, link-local and reserved ones are private and public ones are not", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.31.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:7f00:1", "::ffff:169.254.169.254"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    // Prefixes that embed an IPv4 address or are not globally routed (issue 14.10).
    for (const a of ["64:ff9b::a00:1", "64:ff9b:1::1", "64:ff9b:1:ffff::8.8.8.8", "2002:808:808::1", "2002::", "fec0::1", "feff:ffff::1", "::7f00:1", "0:0:0:0:0:ffff:7f00:1", "::ffff:0:7f00:1"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "47.88.1.1", "2606:4700::1111", "::ffff:808:808", "2001:4860:4860::8888", "64:ff9c::1", "2003::1"]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it("GIVEN a production policy WHEN the base URL is plain http THEN it is refused", () => {
    expect(() => resultDownloadPolicy({ aidgeBaseUrl: "http://127.0.0.1:4010", production: true })).toThrow(/https in production/);
  });
});
