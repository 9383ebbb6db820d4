# promote's runner image: the self-contained release binary (scripts/build-release) on a slim Debian with what it
# needs at run time (git, ssh-keygen, CA certificates), running as a non-root user. Use it with
# `promote.install: "preinstalled"` and `runner_image` in cicd/ci.json (docs/ci.md).
#
#   docker build -t promote:0.1.0 .
#   docker run --rm promote:0.1.0 promote --version
#
# Linted with hadolint by scripts/dockerfile-lint (part of scripts/test). Building it needs a Docker engine, which the
# test machines do not have, so the build itself is not tested there; the binary it copies is the one
# scripts/package --check runs in a clean Debian root.

# Build: Swift 6.3 on Debian 12, the same glibc as the run stage.
FROM swift:6.3-bookworm AS build
# The -dev packages hold the static archives scripts/build-release links in.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgit2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build-release \
    && install -D -m 0755 .build/release/promote /out/usr/local/bin/promote \
    && strip /out/usr/local/bin/promote \
    && /out/usr/local/bin/promote --version

# Run: only promote's run-time needs. Debian's versions are not pinned: the image is rebuilt for security updates,
# and pinned versions vanish from the archive when those land.
FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 --user-group --shell /bin/sh promote
COPY --from=build /out/ /
COPY LICENSE /usr/share/doc/promote/LICENSE
USER 10001:10001
WORKDIR /home/promote
ENTRYPOINT []
CMD ["promote", "--help"]
