import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
var e={maxRecycledParagraphs:"max-recycled-paragraphs",maxBoilerplateShare:"max-boilerplate-share",recycledParagraph:"recycled-paragraph",expiredApproval:"expired-approval"};export{e as a};
