import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
var e={Ok:0,Findings:1,Fatal:2};export{e as a};
