/**
 * Image references, parsed and normalised the Docker way (distribution/reference `normalize.go`,
 * `regexp.go`; DESIGN.md §6): `ubuntu` is `docker.io/library/ubuntu:latest`.
 */
import { DeckhandError } from '../errors.js';
import { parseDigest } from './digest.js';

/** The registry that names without a domain belong to. */
export const DOCKER_HUB = 'docker.io';
/** Old spelling of Docker Hub that normalises to `docker.io`. */
export const DOCKER_HUB_LEGACY = 'index.docker.io';
/** The tag used when neither a tag nor a digest is given. */
export const DEFAULT_TAG = 'latest';
/** Longest allowed name (registry + repository), as in distribution/reference. */
export const NAME_TOTAL_LENGTH_MAX = 255;

/** Reference is a parsed, normalised image reference. */
export interface Reference {
  /** Registry host with optional port: 'docker.io', 'localhost:5000', 'quay.io'. */
  readonly registry: string;
  /** Repository path on that registry: 'library/nginx'. */
  readonly repository: string;
  /** The tag; 'latest' when neither tag nor digest was given. */
  readonly tag?: string;
  /** The digest, when given (it wins over the tag when fetching). */
  readonly digest?: string;
  /** The digest if present, else the tag: what goes into /v2/<repository>/manifests/<reference>. */
  readonly reference: string;
  /** Full normalised form: 'docker.io/library/nginx:1.25', 'host:5000/a/b@sha256:…', 'x/y:t@sha256:…'. */
  toString(): string;
}

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6 = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const ANCHORED_HEX64 = /^[a-f0-9]{64}$/;

function fail(input: string, what: string): never {
  const shown = input.length > 120 ? `${input.slice(0, 117)}...` : input;
  throw new DeckhandError('E_REFERENCE', `invalid image reference "${shown}": ${what}`, {
    context: { reference: shown },
  });
}

/** validateRegistry checks `host[:port]` (or `[ipv6]:port`) and returns an error text or undefined. */
function registryProblem(host: string): string | undefined {
  let name = host;
  let port: string | undefined;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return `registry "${host}" has an unclosed "["`;
    name = host.slice(0, end + 1);
    const rest = host.slice(end + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return `registry "${host}": unexpected "${rest}" after the address`;
      port = rest.slice(1);
    }
    if (!IPV6.test(name)) return `registry "${host}" is not a valid IPv6 address`;
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      name = host.slice(0, colon);
      port = host.slice(colon + 1);
    }
    const parts = name.split('.');
    const bad = parts.findIndex((p) => !DOMAIN_COMPONENT.test(p));
    if (name === '' || bad >= 0) {
      return `registry "${host}" is not a valid host name (component ${bad + 1} "${parts[bad] ?? ''}")`;
    }
  }
  if (port !== undefined) {
    const n = Number(port);
    if (!PORT.test(port) || n < 1 || n > 65535) return `registry "${host}" has an invalid port "${port}"`;
  }
  return undefined;
}

/** splitDomain follows Docker: the first component is a registry only if it has "." or ":", is localhost, or has uppercase. */
function splitDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  const first = i < 0 ? '' : name.slice(0, i);
  if (
    i < 0 ||
    (!first.includes('.') &&
      !first.includes(':') &&
      !first.startsWith('[') &&
      first !== 'localhost' &&
      first.toLowerCase() === first)
  ) {
    return [DOCKER_HUB, name];
  }
  return [first, name.slice(i + 1)];
}

/** parseReference parses and normalises an image reference; throws E_REFERENCE saying what is wrong and where. */
export function parseReference(s: string): Reference {
  if (typeof s !== 'string') fail(String(s), 'not a string');
  const input = s.trim();
  if (input === '') fail(s, 'it is empty');
  if (/\s/.test(input)) fail(s, `whitespace at position ${input.search(/\s/) + 1}`);
  if (ANCHORED_HEX64.test(input)) {
    fail(s, 'a bare 64-character hex string is an image ID, not a reference; use NAME@sha256:HEX');
  }

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest === '') fail(s, 'nothing after "@" (expected a digest such as sha256:HEX)');
    try {
      parseDigest(digest);
    } catch (e) {
      fail(s, `bad digest after "@": ${(e as Error).message}`);
    }
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag === '') fail(s, 'nothing after ":" (expected a tag)');
    if (tag.length > 128) fail(s, `tag is ${tag.length} characters long (at most 128)`);
    if (!TAG.test(tag)) {
      fail(s, `tag "${tag}" may only contain A-Z a-z 0-9 _ . - and must not start with "." or "-"`);
    }
  }
  if (rest === '') fail(s, 'the name is missing');

  let [registry, repository] = splitDomain(rest);
  if (registry !== DOCKER_HUB || rest.startsWith(`${DOCKER_HUB}/`)) {
    const problem = registryProblem(registry);
    if (problem) fail(s, problem);
  }
  if (registry.toLowerCase() === DOCKER_HUB_LEGACY) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;

  if (repository === '') fail(s, 'the repository path is empty');
  const components = repository.split('/');
  components.forEach((c, i) => {
    if (c === '') fail(s, `repository path component ${i + 1} is empty (double or trailing "/")`);
    if (c.toLowerCase() !== c) fail(s, `repository name must be lowercase ("${c}")`);
    if (!PATH_COMPONENT.test(c)) {
      fail(
        s,
        `repository path component "${c}" must be lowercase letters and digits, separated by ".", "_", "__" or "-"`,
      );
    }
  });
  const total = registry.length + 1 + repository.length;
  if (total > NAME_TOTAL_LENGTH_MAX) fail(s, `the name is ${total} characters long (at most 255)`);

  if (tag === undefined && digest === undefined) tag = DEFAULT_TAG;
  return makeReference({ registry, repository, tag, digest });
}

/** tryParseReference is parseReference that returns undefined instead of throwing. */
export function tryParseReference(s: string): Reference | undefined {
  try {
    return parseReference(s);
  } catch {
    return undefined;
  }
}

/** formatReference prints `registry/repository[:tag][@digest]`. */
export function formatReference(r: {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}): string {
  let out = r.registry ? `${r.registry}/${r.repository}` : r.repository;
  if (r.tag) out += `:${r.tag}`;
  if (r.digest) out += `@${r.digest}`;
  return out;
}

/** makeReference builds a Reference from parts that are already valid (no checks). */
export function makeReference(parts: {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}): Reference {
  const { registry, repository, tag, digest } = parts;
  const text = formatReference(parts);
  const ref: Reference = {
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    reference: digest ?? tag ?? DEFAULT_TAG,
    toString: () => text,
  };
  return Object.freeze(ref);
}

/** familiarName prints a reference the short Docker way (`nginx:1.25`, `calico/node:v3`), for messages. */
export function familiarName(r: Reference): string {
  let repo = r.repository;
  if (r.registry !== DOCKER_HUB) return r.toString();
  if (repo.startsWith('library/') && repo.split('/').length === 2) repo = repo.slice('library/'.length);
  return formatReference({ registry: '', repository: repo, tag: r.tag, digest: r.digest });
}
