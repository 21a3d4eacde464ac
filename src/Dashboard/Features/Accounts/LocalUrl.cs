namespace Dashboard.Features.Accounts;

public static class LocalUrl
{
    /// <summary>Only same-site paths: never an open redirect ("//host" and "/\\host" are other sites).</summary>
    public static bool IsLocalPath(string? path) =>
        !string.IsNullOrEmpty(path) && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'));
}
