import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
function o(a){let t=a.metadata?.title??a.metadata?.headline??"";return t.length>50?`${t.slice(0,49)}…`:t}function s(a){let t=a.some(e=>e.metadata?.date!==void 0),n=a.some(e=>o(e)!=="");return{header:[...t?["date"]:[],...n?["title"]:[]],cells:e=>[...t?[e.metadata?.date??""]:[],...n?[o(e)]:[]]}}export{s as a};
