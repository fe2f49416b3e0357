/** Public surface of the try-on contract. Import from "app/tryon" (relative path) in domain code. */
export * from "./schema";
export * from "./sign";
export * from "./wire";
export * from "./errors";
export * from "./responses";
export * from "./retry";
export * from "./client";
export * from "./model-names";
