import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{c as o}from"./chunk-B7GZK433.mjs";var e=o((i,n)=>{n.exports={name:"dupgraf",version:"0.1.0"}});var r=e(),t=Object.freeze({name:r.name,version:r.version});export{t as a};
