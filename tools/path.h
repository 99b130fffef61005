/* path.h - file names as strings: folder, base name, joining.
 *
 * Pure string work on '/'-separated names, without touching the file
 * system (no realpath, no stat), so results depend only on the input and
 * stay relative when the input is relative (no machine paths in outputs).
 * Checking that a name stays inside a folder is the caller's job (pub.c
 * refuses absolute names and ".." components).
 */
#ifndef RL_PATH_H
#define RL_PATH_H

#include "rl.h"

/* The folder part of path: "a/b/c.yaml" -> "a/b", "c.yaml" -> ".",
 * "/c.yaml" -> "/".  The result is a static string or allocated from a
 * (arena-owned). */
const char *rl_path_dir(rl_arena *a, const char *path);

/* The last component of path (a pointer into path, not a copy). */
const char *rl_path_base(const char *path);

/* dir + "/" + name, arena-owned.  name itself (copied) when it is absolute
 * or dir is NULL, empty or "."; no second '/' when dir ends with one. */
const char *rl_path_join(rl_arena *a, const char *dir, const char *name);

#endif
