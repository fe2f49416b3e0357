/** Settings inheritance (plain TypeScript). Import from "app/settings" (relative path) in domain code. */
export * from "./fields";
export * from "./inheritance";
export * from "./request";
