export * from "./lifecycle";
export * from "./plugin";
export * from "./run-program";
export * from "./wire";
