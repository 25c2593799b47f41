import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
var r=class extends Error{exitCode=2;code;constructor(e,t="DUPGRAF"){super(e),this.code=t}},o=class extends r{name="UsageError";constructor(e,t="USAGE"){super(e,t)}},n=class extends r{name="ConfigError";constructor(e){super(e,"CONFIG")}},c=class extends r{name="NoInputError";constructor(e){super(e,"NO_INPUT")}},d=class extends r{name="AbortedError";constructor(e="cancelled"){super(e,"ABORTED")}};export{r as a,o as b,n as c,c as d,d as e};
