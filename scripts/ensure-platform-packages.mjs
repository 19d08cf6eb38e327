// npm running on an older system Node skips optional platform packages whose `engines` ask for
// Node >= 22 (Hardhat's EDR). This step (the `prepare` script: a development concern, never run on
// a consumer's machine) runs under the pinned Node 24 (npm puts it first
// on PATH) and installs the missing binary, so a plain `npm install` always yields a working Hardhat.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const platformPackage = `@nomicfoundation/edr-${process.platform}-${process.arch}-gnu`;
const edrManifest = "node_modules/@nomicfoundation/edr/package.json";

if (
  process.platform === "linux" &&
  existsSync(edrManifest) &&
  !existsSync(`node_modules/${platformPackage}/package.json`) &&
  process.env.npm_execpath
) {
  const { version } = JSON.parse(readFileSync(edrManifest, "utf8"));
  console.log(`warden: installing ${platformPackage}@${version} (skipped by npm's engine check)`);
  execFileSync(
    process.execPath,
    [process.env.npm_execpath, "install", "--no-save", "--no-package-lock", "--ignore-scripts", `${platformPackage}@${version}`],
    { stdio: "inherit" },
  );
}
