import { createQueueDriver } from "../../app/pipeline/driver";
import { conformanceSuite } from "./conformance";

conformanceSuite("in-process runner over the database", () => (deps, config) => createQueueDriver(deps, config));
