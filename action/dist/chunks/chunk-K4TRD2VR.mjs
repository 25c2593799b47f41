import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
function*w(t,n,e){let r="",o=!0;for(let i of t)o?(r=i,o=!1):r+=n+i,r.length>=65536&&(yield r,r="");e&&(r+=n),r.length>0&&(yield r)}function N(t){let n="";for(let e of t)n+=e;return n}var y=1024,d=256;function l(t){if(t===null||typeof t!="object")return!1;if(Array.isArray(t))return t.length>y;if(typeof t.toJSON=="function")return!1;for(let n in t){if(!Object.hasOwn(t,n))continue;let e=t[n];if(Array.isArray(e)&&e.length>y)return!0}return!1}function x(t,n){if(n===""||!S(t)){let i=JSON.stringify(t,null,2);return i===void 0||n===""||!i.includes(`
`)?i:i.replaceAll(`
`,`
`+n)}let e=n.length/2,r=t;for(let i=0;i<e;i++)r=[r];let o=JSON.stringify(r,null,2);return o.slice(e*e+3*e,o.length-e*e-e)}function S(t){if(t===null)return!0;let n=typeof t;return n==="object"?typeof t.toJSON!="function":n==="string"||n==="number"||n==="boolean"}function h(t){if(t.text.length<65536)return;let n=t.text;return t.text="",n}function*p(t,n,e){let r=n+"  ";e.text+="[";let o=0;for(;o<t.length;){if(e.text+=(o===0?`
`:`,
`)+r,l(t[o]))yield*u(t[o],String(o),r,e),o++;else{let f=o+1;for(;f<t.length&&f-o<d&&!l(t[f]);)f++;let s=x(t.slice(o,f),n),c=s.slice(2+n.length+2,s.length-2-n.length);e.text.length+c.length>=65536?(e.text.length>0&&(yield e.text),e.text="",yield c):e.text+=c,o=f}let i=h(e);i!==void 0&&(yield i)}e.text+=`
`+n+"]"}function*u(t,n,e,r){if(t!==null&&typeof t=="object"&&typeof t.toJSON=="function"&&(t=t.toJSON(n)),Array.isArray(t))return t.length===0?r.text+="[]":yield*p(t,e,r),!0;if(t===null||typeof t!="object"||e!==""&&!l(t)){let f=x(t,e);return f===void 0?!1:(r.text+=f,!0)}let o=e+"  ",i=!1;for(let f of Object.keys(t)){let s=t[f];if(s===void 0||typeof s=="function"||typeof s=="symbol")continue;let c=r.text.length;r.text+=(i?`,
`:`{
`)+o+JSON.stringify(f)+": ",(yield*u(s,f,o,r))?i=!0:r.text=r.text.slice(0,c);let g=h(r);g!==void 0&&(yield g)}return r.text+=i?`
`+e+"}":"{}",!0}function*b(t){let n={text:""};yield*u(t,"","",n),n.text.length>0&&(yield n.text)}export{w as a,N as b,b as c};
