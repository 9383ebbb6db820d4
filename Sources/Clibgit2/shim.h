#ifndef PROMOTE_CLIBGIT2_SHIM_H
#define PROMOTE_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/repository.h>
#endif
