const { rmSync } = require("node:fs");

module.exports = async () => {
  if (process.env.MDL_JEST_TMP) rmSync(process.env.MDL_JEST_TMP, { recursive: true, force: true });
};
