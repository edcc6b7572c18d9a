export declare const repoRoot: string;
export declare const serverBuildDir: string;
export declare function serverBuildIsFresh(buildDir?: string): boolean;
