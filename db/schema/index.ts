export * from "./tenancy";
export * from "./contacts";
export * from "./content";
export * from "./community";
export * from "./auth";
export * from "./mail";
export * from "./events";
export * from "./ops";
