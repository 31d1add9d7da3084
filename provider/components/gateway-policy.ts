/**
 * The IAM policy of the gateway's role, as a plain document: the component attaches it, the tests
 * parse it grant by grant, and a reviewer can read it without deploying.
 */
import { NAMESPACE_PATTERN, namespacePrefix } from "../../contract/storage-layout";

export interface IamStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface IamPolicyDocument {
  Version: "2012-10-17";
  Statement: IamStatement[];
}

export interface GatewayPolicyScope {
  /** Default `aws`. */
  partition?: string;
  region: string;
  accountId: string;
  namespace: string;
  /** The function's log group, `/aws/lambda/<function name>`. */
  logGroupName: string;
  /** The customer-managed key's ARN, when one encrypts the namespace's secrets. */
  kmsKeyArn?: string;
}

/**
 * The gateway role's whole policy: read one namespace's secrets, load them in batches, decrypt
 * them with the configured key through Secrets Manager only, write the function's own logs.
 *
 * @example
 * buildGatewayPolicy({ region: "eu-west-1", accountId: "123456789012", namespace: "shop-prod",
 *   logGroupName: "/aws/lambda/ai-1a2b3c4" }).Statement.map((statement) => statement.Sid);
 * // ["ReadNamespaceSecrets", "LoadNamespaceInBatches", "WriteOwnLogs"]
 */
export function buildGatewayPolicy(scope: GatewayPolicyScope): IamPolicyDocument {
  const { region, accountId, namespace, logGroupName, kmsKeyArn } = scope;
  const partition = scope.partition ?? "aws";
  // Every part lands in an ARN pattern: a wildcard or a `/` in one would widen the grant. A
  // namespace has no `/`, `*` or `?`, so the secrets prefix covers exactly one namespace.
  const problems = [
    NAMESPACE_PATTERN.test(namespace)
      ? ""
      : `namespace ${JSON.stringify(namespace)} is not valid (1-64 of A-Za-z0-9_+=.@-)`,
    /^\d{12}$/.test(accountId) ? "" : `account id ${JSON.stringify(accountId)} is not 12 digits`,
    /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? "" : `region ${JSON.stringify(region)} is not an AWS region`,
    /^[a-z-]+$/.test(partition) ? "" : `partition ${JSON.stringify(partition)} is not an AWS partition`,
    /^\/aws\/lambda\/[A-Za-z0-9_-]+$/.test(logGroupName)
      ? ""
      : `log group ${JSON.stringify(logGroupName)} is not a Lambda log group`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`keyway.Gateway: ${problems.join("; ")}`);
  const namespaceSecrets = `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${namespacePrefix(namespace)}*`;
  const statements: IamStatement[] = [
    {
      Sid: "ReadNamespaceSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: namespaceSecrets,
    },
    {
      // The Service Authorization Reference lists no resource type for these two actions, so only
      // "*" matches them. They reveal no value on their own: BatchGetSecretValue returns a secret's
      // value only where GetSecretValue above allows it, and ListSecrets returns names and tags.
      Sid: "LoadNamespaceInBatches",
      Effect: "Allow",
      Action: ["secretsmanager:BatchGetSecretValue", "secretsmanager:ListSecrets"],
      Resource: "*",
    },
  ];
  if (kmsKeyArn) {
    statements.push({
      Sid: "DecryptNamespaceSecrets",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: kmsKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
        // Secrets Manager passes the secret's ARN as encryption context: a key shared with other
        // secrets decrypts only this namespace's.
        StringLike: { "kms:EncryptionContext:SecretARN": namespaceSecrets },
      },
    });
  }
  statements.push({
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}:*`,
  });
  return { Version: "2012-10-17", Statement: statements };
}
