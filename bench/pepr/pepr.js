// The module's entry point, as `pepr init` writes it (pepr.ts), in plain JavaScript: make bench
// runs it with node instead of bundling it with `pepr build` (the bundle is this code plus pepr's).
const { PeprModule } = require("pepr");
const cfg = require("./package.json");
const { ConfigChecksum } = require("./capabilities/config-checksum");

new PeprModule(cfg, [ConfigChecksum]);
