// cdktf's Testing.app() makes a temp dir per call; keep them all in one folder we delete afterwards.
const { mkdtempSync } = require("node:fs");
const { join } = require("node:path");
const { tmpdir } = require("node:os");

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), "mdl-jest-"));
  process.env.MDL_JEST_TMP = dir;
  process.env.TMPDIR = dir;
};
