import { expect, it } from "vitest";
import * as contract from "../../../contract";

it("exports the contract's public surface from one entry point", () => {
  const exported = Object.keys(contract).sort();

  expect(exported).toEqual(
    [
      "BUILTIN_PROVIDERS",
      "BUILTIN_PROVIDER_IDS",
      "COLLECTION",
      "ConfigurationError",
      "ID_PREFIX",
      "KIND_TAG_VALUE",
      "MAX_CONFIGURATION_BYTES",
      "NAMESPACE_PATTERN",
      "PAYLOAD_SCHEMA_VERSION",
      "PROVIDER_ID_PATTERN",
      "SECRET_NAME_ROOT",
      "TAG",
      "configurationSchema",
      "createResourceId",
      "formatIssue",
      "formatModelReference",
      "hashToken",
      "isResourceId",
      "modelReferenceKey",
      "namespacePrefix",
      "normalizeModelName",
      "parseDurationMs",
      "parseModelReference",
      "redactKey",
      "sameDigest",
      "secretName",
      "tryParseModelReference",
      "validateConfiguration",
    ].sort(),
  );
});

it("exports the schema that the validator was generated from", () => {
  expect(contract.configurationSchema.$id).toBe("urn:keyway:schema:access-key-configuration:1");
});
