import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
var r=/[\u0000-\u001f\u007f-\u009f]/g,e={"\n":"\\n","\r":"\\r","	":"\\t"};function s(t){return t.replace(r,n=>e[n]??`\\x${n.charCodeAt(0).toString(16).padStart(2,"0")}`)}function g(t){return`warning: ${s(t.path)}: ${t.message}`}export{s as a,g as b};
