/**
 * `${NAME}` in any string value of a serve file is replaced by the environment variable NAME, so
 * keys and tokens stay out of the file; `$${` writes a literal `${`. A missing variable is an error
 * naming the variable (and, through the issue's path, the field). Substituted values never appear
 * in a message: {@link maskSubstitutions} puts their `${NAME}` back.
 */
import { type ConfigurationIssue, createIssue, type Location } from "../../../contract/configuration-issue";
import { isRecord } from "../../../contract/json-value";

export type Environment = Readonly<Record<string, string | undefined>>;

export interface Substitution {
  issues: ConfigurationIssue[];
  /** Each variable value that went into the file, with the variable's name. */
  used: Map<string, string>;
}

const REFERENCE = /\$\$\{|\$\{([^}]*)(\}?)/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A copy of `value` with every string substituted; `substitution.issues` lists each unusable reference. */
export function substituteEnvironment(
  value: unknown,
  environment: Environment,
  substitution: Substitution,
  location: Location = [],
): unknown {
  if (typeof value === "string") return substituteString(value, environment, substitution, location);
  if (Array.isArray(value)) {
    return value.map((entry, index) =>
      substituteEnvironment(entry, environment, substitution, [...location, index]),
    );
  }
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [
        key,
        substituteEnvironment(entry, environment, substitution, [...location, key]),
      ]),
    );
  }
  return value;
}

/** `message` with every substituted value replaced by its `${NAME}`, so no message carries a secret. */
export function maskSubstitutions(message: string, used: ReadonlyMap<string, string>): string {
  let masked = message;
  for (const [value, name] of used) {
    // Values this short would garble messages, and are no secret.
    if (value.length >= 4) masked = masked.replaceAll(value, `\${${name}}`);
  }
  return masked;
}

function substituteString(
  text: string,
  environment: Environment,
  { issues, used }: Substitution,
  location: Location,
): string {
  return text.replace(REFERENCE, (match, name: string | undefined, closing: string) => {
    if (match === "$${") return "${";
    if (closing !== "}" || name === undefined || !VARIABLE_NAME.test(name)) {
      issues.push(
        createIssue(
          location,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the message is about a literal "${"
          'has a "${" that starts no environment variable reference; write ${NAME} (letters, digits and _), or "$${" for a literal "${"',
        ),
      );
      return match;
    }
    const replacement = environment[name];
    if (replacement === undefined) {
      issues.push(
        createIssue(
          location,
          `environment variable ${name} is not set; set it, or write the value in the file`,
        ),
      );
      return match;
    }
    used.set(replacement, name);
    return replacement;
  });
}
