// The panel's pages as URL patterns, read from the files under app/ (so a page added later is walked by the
// isolation tests without anyone listing it). Plain Node: the Playwright spec imports this too.
import { readdirSync } from "node:fs";
import path from "node:path";
import { type IdKind, kindOfParam } from "./ids";

export type PageRoute = {
  /** The file, relative to the repository root. */
  file: string;
  /** "/servers/[containerId]": route groups dropped, parameters kept in brackets. */
  pattern: string;
  /** Each parameter with the kind of id it takes, in path order. */
  params: { name: string; kind: IdKind }[];
  isAdmin: boolean;
};

/**
 * Parameters whose name alone does not say what they name ("id"): keyed "<segment before>/[<param>]".
 * Looked up before PARAM_KINDS.
 */
const CONTEXT_PARAM_KINDS: Record<string, IdKind> = {
  "ip-pools/[id]": "poolId",
  "plans/[id]": "planId",
};

function listPageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listPageFiles(p);
    return /^page\.(tsx|ts|jsx|js)$/.test(e.name) ? [p] : [];
  });
}

/**
 * Every page under app/ except catch-alls ([...x], [[...x]]: they answer unknown addresses and take no
 * id). Throws for a parameter that names no known kind of id: a new page needs a decision.
 */
export function listPageRoutes(root: string): PageRoute[] {
  const appDir = path.join(root, "app");
  return listPageFiles(appDir)
    .map((file) => {
      const segments = path.relative(appDir, path.dirname(file)).split(path.sep).filter(Boolean);
      return { file: path.relative(root, file).split(path.sep).join("/"), segments };
    })
    .filter(({ segments }) => !segments.some((s) => s.startsWith("[...") || s.startsWith("[[...")))
    .map(({ file, segments }) => {
      // Route groups "(panel)" and parallel-route slots "@x" are not part of the URL.
      const url = segments.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
      const params = url.flatMap((s, i) => {
        const m = /^\[(\w+)\]$/.exec(s);
        if (!m) return [];
        const name = m[1] as string;
        const kind =
          CONTEXT_PARAM_KINDS[`${url[i - 1] ?? ""}/[${name}]`] ?? kindOfParam(name, `page ${file}`);
        return [{ name, kind }];
      });
      const pattern = `/${url.join("/")}`;
      return { file, pattern, params, isAdmin: pattern === "/admin" || pattern.startsWith("/admin/") };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The page's address with each parameter replaced by the id of its kind from `ids`. */
export function pageUrl(route: PageRoute, ids: Record<IdKind, string>): string {
  let url = route.pattern;
  for (const p of route.params) url = url.replace(`[${p.name}]`, encodeURIComponent(ids[p.kind]));
  return url;
}
