// Hand-written types for the generated configuration-validator.js (ajv standalone code).
import type { ErrorObject } from "ajv";

export interface StandaloneValidator {
  (data: unknown): boolean;
  /** The errors of the last call, or null when it passed. Messages are not generated (`messages: false`). */
  errors?: ErrorObject[] | null;
}

/** Validates a value against contract/configuration.schema.json. */
export declare const validateConfigurationSchema: StandaloneValidator;
