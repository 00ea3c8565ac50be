import { loadMetadata } from './src/metadata/load-metadata.ts';
const l = await loadMetadata(['/work/shared/metadata/2021-07/apiPermissionsAndScopes-v1.0.xml']);
const s = l.metadata.scopes('v1.0')!;
console.log(JSON.stringify(s.lookup('/users/getMemberGroups')), JSON.stringify(s.lookup('/me/sendMail')));
