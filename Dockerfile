# syntax=docker/dockerfile:1
#
# iamaudit container image: a static binary on distroless, run as a non-root
# user. Build with BuildKit (Docker's default builder since Docker 23):
#
#   docker build \
#     --build-arg VERSION=$(git describe --tags --always --dirty) \
#     --build-arg COMMIT=$(git rev-parse HEAD) \
#     --build-arg DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) \
#     -t iamaudit .
#
# Run (reports land in /reports, the working directory):
#
#   docker run --rm -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN \
#     -e AWS_REGION=us-east-1 --user "$(id -u):$(id -g)" -v "$PWD/reports:/reports" \
#     iamaudit scan -f json -o report.json
#
# See README "Container image" and deploy/README.md.

ARG GO_VERSION=1.26

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src
# Modules first: a source change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
ARG VERSION=dev
ARG COMMIT=
ARG DATE=
# CGO off: a static binary that needs no libc in the final stage. -trimpath
# keeps the builder's paths out of the binary; the build stamps are what
# 'iamaudit --version' and every report show.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}" \
      -o /out/iamaudit ./cmd/iamaudit \
 && mkdir /out/reports

# distroless/static: CA certificates (for the AWS endpoints), tzdata and
# /etc/passwd with the nonroot user (65532); no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/iamaudit /usr/local/bin/iamaudit
COPY LICENSE /usr/share/doc/iamaudit/LICENSE
# The report directory belongs to the runtime user, so '-o report.json'
# works without a volume; mount one to keep the reports.
COPY --from=build --chown=65532:65532 /out/reports /reports
USER 65532:65532
WORKDIR /reports
ENTRYPOINT ["iamaudit"]
