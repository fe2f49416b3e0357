// The chaos run's environment, set before any app module is evaluated (bench/chaos.ts imports this
// first): the test values of tests/setup/test-env.ts for anything not set.
import { TEST_ENV } from "../tests/setup/test-env";

for (const [k, v] of Object.entries(TEST_ENV)) process.env[k] ??= v;
