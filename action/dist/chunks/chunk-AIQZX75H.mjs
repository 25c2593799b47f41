import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
function o(t,e){return`${e}\0${t}`}function i(t){let e=new Map;for(let r of t.paragraphs)for(let n of[...r.duplicates,...r.partials])e.set(o(n.path,n.line),n.text);return e}function u(t){return t.added>0?"added":t.updated>0?"updated":"unchanged"}var s=3e4;function a(t){let e=null;return{async get(){let r=Date.now();return(!e||r-e.at>s)&&(e={stories:await t(),at:r}),e.stories},forget(){e=null}}}export{o as a,i as b,u as c,a as d};
