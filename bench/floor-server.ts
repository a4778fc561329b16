// The floor for a system-user token: the same cryptography and the same two HTTP hops as
// Maskinporten → Altinn, on bare node:http with no framework, no journal and no state. What the
// machine itself can do with two processes in the path; Maskinporten is measured against it too.
//   node --import tsx bench/floor-server.ts altinn <keys.json>
//   node --import tsx bench/floor-server.ts maskinporten <keys.json> <altinn port>
// Prints the port it listens on.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { CompactSign, compactVerify, importJWK, type JWK } from 'jose';

const [role, keysFile, altinnPort] = process.argv.slice(2);
const keys = JSON.parse(await readFile(keysFile!, 'utf8')) as { publicJwk: JWK; privateJwk: JWK };
const publicKey = await importJWK(keys.publicJwk, 'RS256');
const privateKey = await importJWK(keys.privateJwk, 'RS256');
const encoder = new TextEncoder();
const agent = new http.Agent({ keepAlive: true });
const lookupToken = await new CompactSign(encoder.encode(JSON.stringify({ scope: 'altinn:maskinporten/systemuser.read' }))).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);

function body(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
  });
}

function lookup(): Promise<{ id: string; systemId: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: Number(altinnPort), path: '/byExternalId', agent, headers: { authorization: `Bearer ${lookupToken}` } }, (res) => {
        body(res).then((text) => resolve(JSON.parse(text) as { id: string; systemId: string }), reject);
      })
      .on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  const text = await body(req);
  res.setHeader('content-type', 'application/json');
  if (role === 'altinn') {
    await compactVerify(req.headers.authorization!.slice(7), publicKey);
    return void res.end(JSON.stringify({ id: 'f950ddae-06c3-4b57-b940-702417a90df0', systemId: '310000027_smartregnskap' }));
  }
  const grant = new URLSearchParams(text).get('assertion')!;
  const { payload } = await compactVerify(grant, publicKey);
  const dto = await lookup();
  const claims = { ...(JSON.parse(new TextDecoder().decode(payload)) as object), systemuser_id: [dto.id], system_id: dto.systemId, jti: Math.random().toString(36) };
  const token = await new CompactSign(encoder.encode(JSON.stringify(claims))).setProtectedHeader({ kid: 'floor', alg: 'RS256' }).sign(privateKey);
  res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 120 }));
});
server.listen(0, '127.0.0.1', () => console.log((server.address() as { port: number }).port));
