// The part of madge's API (https://github.com/pahen/madge#api) that scripts/import-graph.ts uses.
declare module "madge" {
  type TMadgeConfig = {
    baseDir?: string;
    fileExtensions?: string[];
    tsConfig?: string;
    excludeRegExp?: RegExp[];
    detectiveOptions?: Record<string, Record<string, boolean>>;
  };
  type TMadgeResult = {
    /** Each file (relative to baseDir) and the files it imports. */
    obj(): Record<string, string[]>;
    circular(): string[][];
  };
  export default function madge(path: string, config?: TMadgeConfig): Promise<TMadgeResult>;
}
