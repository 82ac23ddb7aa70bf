# syntax=docker/dockerfile:1
# offkai: one image, three entry points —
#   python -m offkai_events | offkai_members | offkai_notify   [serve (default) | migrate]
# Runs as uid 10001 with a read-only root filesystem; only /tmp (an emptyDir in the
# Helm chart) is written to.
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/offkai
WORKDIR /src
# .dockerignore lets through only what `pip install .` needs.
COPY . .
# pip byte-compiles while installing, so nothing needs writing at run time.
RUN /opt/offkai/bin/pip install . \
 && /opt/offkai/bin/python -c "import offkai_kit"

FROM ${PYTHON_IMAGE}
RUN groupadd --system --gid 10001 offkai \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp \
      --shell /usr/sbin/nologin offkai
COPY --from=build /opt/offkai /opt/offkai
ENV PATH=/opt/offkai/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    OFFKAI_GRPC_HOST=0.0.0.0 \
    OFFKAI_GRPC_PORT=50051 \
    OFFKAI_DATA_DIR=/tmp/offkai
USER 10001:10001
WORKDIR /tmp
EXPOSE 50051
# No default service: say which one to run.
CMD ["python", "-c", "raise SystemExit('usage: python -m offkai_events|offkai_members|offkai_notify [serve|migrate]')"]
