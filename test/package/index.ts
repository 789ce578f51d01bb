// extensionTestsPath entry of the packaged-extension suite (run-suites.mjs, suite "package"):
// the integration suite's runner, bundled here so it runs the *.test.js next to
// out/test/package/index.js and reports "package: N passed, N failed".
export { run } from '../integration/index';
