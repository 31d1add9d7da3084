// keyway's policy pack, as `pulumi preview --policy-pack <this folder>` runs it. The policies live in
// keyway's library (dist/provider/policy, also exported as `keyway/policy`), where they are tested
// and can be reused in a team's own pack; this file only serves them. `new PolicyPack` starts the
// analyzer's gRPC server and reads the version from this folder's package.json.
const { PolicyPack } = require("@pulumi/policy");
const { createKeywayPolicyPackArgs, KEYWAY_POLICY_PACK_NAME } = require("../dist/provider/policy/index.js");

new PolicyPack(KEYWAY_POLICY_PACK_NAME, createKeywayPolicyPackArgs());
