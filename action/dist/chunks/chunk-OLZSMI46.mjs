import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
var n=["add","remove","prune","stats","verify","migrate"];function d(e){return n.includes(e)}export{n as a,d as b};
