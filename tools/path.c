/* path.c - folder, base name and joining of file names (see path.h).
 *
 * The manifest, the style chain and the edition inputs all resolve names
 * relative to the file that names them; doing it in one place keeps the
 * three from disagreeing about "./x", "/x" or a trailing '/'.  POSIX
 * dirname()/basename() were rejected: they may modify their argument and
 * return static storage.
 */
#include "path.h"

#include "arena.h"

#include <string.h>

const char *rl_path_dir(rl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return rl_arena_strdup(a, (rl_str){path, (size_t)(slash - path)});
}

const char *rl_path_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

const char *rl_path_join(rl_arena *a, const char *dir, const char *name)
{
    if (name[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
        return rl_arena_strz(a, name);
    size_t n = strlen(dir);
    return rl_arena_printf(a, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}
