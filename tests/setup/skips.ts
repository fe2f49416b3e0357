import { describeSkips, parseSkip } from "../../scripts/test-provision.mjs";

/**
 * Once per vitest run: names the suites FITTING_ROOM_SKIP left out (vitest.config.ts excludes them),
 * before the tests and again at the end next to vitest's summary, so a skip is never silent.
 */
export default function skips() {
  const lines = describeSkips(parseSkip(process.env.FITTING_ROOM_SKIP));
  for (const line of lines) console.warn(line);
  return () => {
    for (const line of lines) console.warn(line);
  };
}
