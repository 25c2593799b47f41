import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{b as e}from"./chunk-HMMHKQJE.mjs";import"./chunk-B7GZK433.mjs";async function t(){throw new e("`dupgraf serve` needs dupgraf installed with npm (see the README: Install); the bundled dupgraf of the GitHub Action and the pre-commit hook does not carry the server")}export{t as runServeCommand};
