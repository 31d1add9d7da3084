export * from "./lifecycle";
export * from "./plugin";
export * from "./plugin-types";
export * from "./run-program";
export * from "./wire";
