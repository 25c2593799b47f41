import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
function t(e){return["Examples:",...e.flatMap(([n,a])=>[`  # ${a}`,`  ${n}`])].join(`
`)}export{t as a};
