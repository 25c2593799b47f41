import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
var I=4,i=1684501094,A="approvals";function s(t){if(t.length<72)return!1;let n="SQLite format 3\0";for(let o=0;o<n.length;o++)if(t[o]!==n.charCodeAt(o))return!1;return(t[68]<<24|t[69]<<16|t[70]<<8|t[71])>>>0===1684501094}export{I as a,i as b,A as c,s as d};
