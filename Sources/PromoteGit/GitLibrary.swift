internal import Clibgit2

/// Facts about the libgit2 promote runs on (linked statically in release tarballs, so `promote --version` is the
/// only place a user can see which one).
public enum GitLibrary {
    /// libgit2's own version, as `major.minor.revision`.
    public static var version: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
