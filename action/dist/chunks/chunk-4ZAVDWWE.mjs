import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
var a=["id","title","headline","date","desk","source","byline","dateline","slug"];function i(e,r){return e.path===r.path&&e.line===r.line&&e.record===r.record}function o(e){return e.record===void 0?e.path:`${e.path}#${e.record}`}function s(e){return Math.round(e*1e4)/1e4}function c(e,r){if(e.path!==r.path)return e.path<r.path?-1:1;if(e.line!==r.line)return e.line-r.line;let t=e.record??"",n=r.record??"";return t<n?-1:t>n?1:0}export{a,i as b,o as c,s as d,c as e};
