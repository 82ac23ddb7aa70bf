{{/*
Helpers shared by every template. The three services differ only in the facts in
"offkai.catalog"; everything else — labels, image, env, the pod spec — is written once
here and called with a context dict:

  root   the top-level context ($)
  name   the service: events | members | notify
  facts  its entry in offkai.catalog
  svc    its values block (.Values.<name>)
  mode   serve | migrate (pod spec only)
and, for a service split in two Deployments (<name>.worker.enabled):
  role       api | worker: OFFKAI_ROLE (absent: the process runs both, as "all")
  component  the pods' component label (absent: name); the worker's is <name>-worker
  resources  the container's resources (absent: svc.resources)
  replicas   the Deployment's replicas (absent: svc.replicas, or the HPA's)
*/}}

{{/*
What cannot change per install: the Python module, the gRPC health name and the
projections (each one's durable consumer is <service>_<projection>, the only ones
its NATS user may use). tests/test_service_list.py keeps this equal to
offkai_services.SERVICES.
*/}}
{{- define "offkai.catalog" -}}
events:
  module: offkai_events
  grpcService: offkai.events.v1.MeetupsService
  projections: [member_directory, community_roles, meetup_catalog, meetup_schedule]
members:
  module: offkai_members
  grpcService: offkai.members.v1.MembersService
  projections: [member_directory, relationships, communities, introductions, invitations, attendance, follow_ups]
notify:
  module: offkai_notify
  grpcService: offkai.notify.v1.ChannelsService
  projections: [recipients, subscriptions, communities, meetups, connections]
{{- end }}

{{/* The uid/gid the image creates (Dockerfile) and every pod runs as. */}}
{{- define "offkai.uid" -}}10001{{- end }}

{{- define "offkai.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "offkai.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "offkai.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<fullname>-<component>" within the 63-character limit. Context: root, component. */}}
{{- define "offkai.componentName" -}}
{{- printf "%s-%s" (include "offkai.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels. Context: root, component (empty: the whole release). */}}
{{- define "offkai.selectorLabels" -}}
app.kubernetes.io/name: {{ include "offkai.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/* Standard labels for every object. Context: root, component. */}}
{{- define "offkai.labels" -}}
{{ include "offkai.selectorLabels" . }}
app.kubernetes.io/part-of: offkai
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "offkai.chart" .root }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "offkai.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "offkai.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The hook-time ServiceAccount of the migration Jobs (see migrations-serviceaccount.yaml). */}}
{{- define "offkai.migrationsServiceAccountName" -}}
{{- include "offkai.componentName" (dict "root" . "component" "migrations") }}
{{- end }}

{{/* repository[:tag|@digest]. Context: root, svc (a block with an `image` map). */}}
{{- define "offkai.image" -}}
{{- $global := .root.Values.image }}
{{- $own := .svc.image | default dict }}
{{- $repository := $own.repository | default $global.repository }}
{{- $digest := $own.digest | default $global.digest }}
{{- if $digest }}
{{- printf "%s@%s" $repository $digest }}
{{- else }}
{{- printf "%s:%s" $repository ($own.tag | default $global.tag | default .root.Chart.AppVersion) }}
{{- end }}
{{- end }}

{{- define "offkai.imagePullPolicy" -}}
{{- $own := .svc.image | default dict }}
{{- $own.pullPolicy | default .root.Values.image.pullPolicy }}
{{- end }}

{{/* Pod-level hardening, shared by every pod of the chart. */}}
{{- define "offkai.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ include "offkai.uid" . }}
runAsGroup: {{ include "offkai.uid" . }}
fsGroup: {{ include "offkai.uid" . }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level hardening, shared by every container of the chart. */}}
{{- define "offkai.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ include "offkai.uid" . }}
runAsGroup: {{ include "offkai.uid" . }}
privileged: false
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* A secretKeyRef / configMapKeyRef EnvVar as a dict. */}}
{{- define "offkai.secretEnv" -}}
{{- $ref := dict "name" .secret "key" .key }}
{{- if .optional }}{{ $_ := set $ref "optional" true }}{{ end }}
{{- toJson (dict "name" .name "valueFrom" (dict "secretKeyRef" $ref)) }}
{{- end }}

{{/* OFFKAI_NATS_URL: the bundled NATS Service, or nats.url. */}}
{{- define "offkai.natsUrl" -}}
{{- if .Values.nats.enabled }}
{{- printf "nats://%s:4222" (include "offkai.componentName" (dict "root" . "component" "nats")) }}
{{- else }}
{{- required "nats.url is required when nats.enabled is false (e.g. nats://nats.messaging.svc:4222)" .Values.nats.url }}
{{- end }}
{{- end }}

{{/* A service's NATS user name. Context: root, name. */}}
{{- define "offkai.natsUserName" -}}
{{- (index .root.Values .name).natsUser.name | default .name }}
{{- end }}

{{/* The Secret holding a service's NATS password. Context: root, name. */}}
{{- define "offkai.natsUserSecret" -}}
{{- (index .root.Values .name).natsUser.existingSecret | default (include "offkai.componentName" (dict "root" .root "component" (printf "%s-nats" .name))) }}
{{- end }}

{{/* The bundled NATS's variable holding a user's quoted password. Context: the user. */}}
{{- define "offkai.natsPasswordVar" -}}
{{- printf "NATS_PASSWORD_%s" (upper .) }}
{{- end }}

{{/*
The NATS permissions of a service's user, as JSON: exactly what the kit does (the
same as offkai_kit/nats_auth.py's service_permissions; tests/deploy compares them).
Context: root, name.
*/}}
{{- define "offkai.natsPermissions" -}}
{{- $stream := .root.Values.stream.name }}
{{- $api := "$JS.API.CONSUMER" }}
{{- $own := list }}
{{- $others := list }}
{{- range $service, $facts := include "offkai.catalog" .root | fromYaml }}
{{- range $facts.projections }}
{{- if eq $service $.name }}
{{- $own = append $own (printf "%s_%s" $service .) }}
{{- else }}
{{- $others = append $others (printf "%s_%s" $service .) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* The wake subject (offkai_kit.nats_auth.wake_subject): a service's API processes
     tell its worker's relay that they committed events. */}}
{{- $wake := printf "offkai_wake.%s" .name }}
{{- $allow := list (printf "offkai.%s.>" .name) $wake }}
{{- range $verb := list "INFO" "CREATE" "UPDATE" }}
{{- $allow = append $allow (printf "$JS.API.STREAM.%s.%s" $verb $stream) }}
{{- end }}
{{- range $durable := sortAlpha $own }}
{{- $allow = concat $allow (list
      (printf "%s.DURABLE.CREATE.%s.%s" $api $stream $durable)
      (printf "%s.CREATE.%s.%s" $api $stream $durable)
      (printf "%s.CREATE.%s.%s.>" $api $stream $durable)
      (printf "%s.INFO.%s.%s" $api $stream $durable)
      (printf "%s.DELETE.%s.%s" $api $stream $durable)
      (printf "%s.MSG.NEXT.%s.%s" $api $stream $durable)
      (printf "$JS.ACK.%s.%s.>" $stream $durable)) }}
{{- end }}
{{- /* The stream audit's ephemeral consumer (a random name) on its own subjects. */}}
{{- $allow = concat $allow (list
      (printf "%s.CREATE.%s.*.offkai.%s.>" $api $stream .name)
      (printf "%s.INFO.%s.*" $api $stream)
      (printf "%s.MSG.NEXT.%s.*" $api $stream)) }}
{{- /* The personal-data key bucket (offkai_kit.personal.KEY_BUCKET): read anyone's
     keys, write only its own. */}}
{{- $bucket := "OFFKAI_KEYS" }}
{{- $allow = concat $allow (list
      (printf "$JS.API.STREAM.INFO.KV_%s" $bucket)
      (printf "$JS.API.STREAM.CREATE.KV_%s" $bucket)
      (printf "$JS.API.STREAM.MSG.GET.KV_%s" $bucket)
      (printf "$JS.API.DIRECT.GET.KV_%s.$KV.%s.>" $bucket $bucket)
      (printf "$KV.%s.%s.>" $bucket .name)) }}
{{- $deny := list }}
{{- range $durable := sortAlpha $others }}
{{- $deny = concat $deny (list
      (printf "%s.CREATE.%s.%s.>" $api $stream $durable)
      (printf "%s.INFO.%s.%s" $api $stream $durable)
      (printf "%s.MSG.NEXT.%s.%s" $api $stream $durable)) }}
{{- end }}
{{- $publish := dict "allow" $allow }}
{{- if $deny }}{{ $_ := set $publish "deny" $deny }}{{ end }}
{{- toRawJson (dict "publish" $publish "subscribe" (dict "allow" (list (printf "_INBOX.%s.>" .name) $wake))) }}
{{- end }}

{{/*
The container env of a service, as a YAML list. Secrets only ever arrive through
secretKeyRef. Entries in config.extraEnv, then in the service's `env`, replace the
chart's entry of the same name in place — one entry per name, no duplicates.
*/}}
{{- define "offkai.env" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- $svc := .svc }}
{{- $env := list }}
{{- $env = append $env (dict "name" "OFFKAI_GRPC_HOST" "value" "0.0.0.0") }}
{{- $env = append $env (dict "name" "OFFKAI_GRPC_PORT" "value" (toString (int $v.grpc.port))) }}
{{- $env = append $env (dict "name" "OFFKAI_GRPC_SHUTDOWN_GRACE_SECONDS" "value" (toString $v.config.shutdownGraceSeconds)) }}
{{- $env = append $env (dict "name" "OFFKAI_GRPC_REFLECTION" "value" (toString $v.grpc.reflection)) }}
{{- $env = append $env (dict "name" "OFFKAI_RATE_LIMIT_PER_MINUTE" "value" (toString $v.grpc.rateLimitPerMinute)) }}
{{- $env = append $env (dict "name" "OFFKAI_RATE_LIMIT_BURST" "value" (toString (int $v.grpc.rateLimitBurst))) }}
{{- /* Only /tmp is writable; the SQLite default never applies with a database URL set. */}}
{{- $env = append $env (dict "name" "OFFKAI_DATA_DIR" "value" "/tmp/offkai") }}
{{- $dbSecret := $svc.database.existingSecret | default (include "offkai.componentName" (dict "root" $root "component" (printf "%s-database" .name))) }}
{{- $env = append $env (include "offkai.secretEnv" (dict "name" "OFFKAI_DATABASE_URL" "secret" $dbSecret "key" $svc.database.key) | fromJson) }}
{{- $env = append $env (dict "name" "OFFKAI_MIGRATE_ON_START" "value" "false") }}
{{- with .role }}
{{- $env = append $env (dict "name" "OFFKAI_ROLE" "value" .) }}
{{- end }}
{{- $env = append $env (dict "name" "OFFKAI_NATS_URL" "value" (include "offkai.natsUrl" $root)) }}
{{- /* Migrations never talk to NATS: only the service gets its NATS credentials. */}}
{{- if and $v.nats.auth.enabled (eq .mode "serve") }}
{{- $env = append $env (dict "name" "OFFKAI_NATS_USER" "value" (include "offkai.natsUserName" .)) }}
{{- $env = append $env (include "offkai.secretEnv" (dict "name" "OFFKAI_NATS_PASSWORD" "secret" (include "offkai.natsUserSecret" .) "key" $svc.natsUser.key) | fromJson) }}
{{- end }}
{{- $env = append $env (dict "name" "OFFKAI_STREAM_NAME" "value" $v.stream.name) }}
{{- $env = append $env (dict "name" "OFFKAI_STREAM_REPLICAS" "value" (toString (int $v.stream.replicas))) }}
{{- $env = append $env (dict "name" "OFFKAI_JWT_ISSUER" "value" $v.jwt.issuer) }}
{{- $env = append $env (dict "name" "OFFKAI_JWT_AUDIENCE" "value" $v.jwt.audience) }}
{{- $env = append $env (dict "name" "OFFKAI_JWT_ALGORITHMS" "value" (toJson $v.jwt.algorithms)) }}
{{- $symmetric := false }}
{{- $asymmetric := false }}
{{- range $v.jwt.algorithms }}
{{- if hasPrefix "HS" . }}{{ $symmetric = true }}{{ else }}{{ $asymmetric = true }}{{ end }}
{{- end }}
{{- if $symmetric }}
{{- $jwtSecret := $v.jwt.secret.existingSecret | default (include "offkai.componentName" (dict "root" $root "component" "jwt")) }}
{{- $env = append $env (include "offkai.secretEnv" (dict "name" "OFFKAI_JWT_SECRET" "secret" $jwtSecret "key" $v.jwt.secret.key) | fromJson) }}
{{- end }}
{{- if $asymmetric }}
{{- $pk := $v.jwt.publicKey }}
{{- if and $pk.existingSecret $pk.existingConfigMap }}
{{- fail "jwt.publicKey: set existingSecret or existingConfigMap, not both" }}
{{- else if $pk.existingSecret }}
{{- $env = append $env (include "offkai.secretEnv" (dict "name" "OFFKAI_JWT_PUBLIC_KEY" "secret" $pk.existingSecret "key" $pk.key) | fromJson) }}
{{- else if $pk.existingConfigMap }}
{{- $env = append $env (dict "name" "OFFKAI_JWT_PUBLIC_KEY" "valueFrom" (dict "configMapKeyRef" (dict "name" $pk.existingConfigMap "key" $pk.key))) }}
{{- else }}
{{- fail (printf "jwt.algorithms %s needs a public key: set jwt.publicKey.existingSecret or jwt.publicKey.existingConfigMap" (toJson $v.jwt.algorithms)) }}
{{- end }}
{{- end }}
{{- $env = append $env (dict "name" "OFFKAI_LOG_LEVEL" "value" $v.config.logLevel) }}
{{- $env = append $env (dict "name" "OFFKAI_LOG_FORMAT" "value" $v.config.logFormat) }}
{{- /* The code's own service name, so local and cluster telemetry agree; the
     resource attributes tell offkai's "events" from anyone else's. */}}
{{- $env = append $env (dict "name" "POD_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.name"))) }}
{{- $env = append $env (dict "name" "POD_NAMESPACE" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.namespace"))) }}
{{- $env = append $env (dict "name" "NODE_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "spec.nodeName"))) }}
{{- /* The replica's stable identity for its leases: a container restarted in the
     same pod takes its relay and projection leases back at once. */}}
{{- $env = append $env (dict "name" "OFFKAI_INSTANCE_ID" "value" "$(POD_NAME)") }}
{{- $env = append $env (dict "name" "OTEL_SERVICE_NAME" "value" .name) }}
{{- $env = append $env (dict "name" "OTEL_RESOURCE_ATTRIBUTES" "value" "service.namespace=offkai,service.instance.id=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.pod.name=$(POD_NAME),k8s.node.name=$(NODE_NAME)") }}
{{- with $v.otel.endpoint }}
{{- $env = append $env (dict "name" "OTEL_EXPORTER_OTLP_ENDPOINT" "value" .) }}
{{- end }}
{{- if eq .name "notify" }}
{{- $smtp := $svc.smtp }}
{{- $smtpSecret := $smtp.existingSecret | default (include "offkai.componentName" (dict "root" $root "component" "notify-smtp")) }}
{{- range $field := list "host" "port" "username" "password" "from" }}
{{- $optional := has $field (list "username" "password") }}
{{- $env = append $env (include "offkai.secretEnv" (dict "name" (printf "OFFKAI_SMTP_%s" (upper $field)) "secret" $smtpSecret "key" (get $smtp.keys $field) "optional" $optional) | fromJson) }}
{{- end }}
{{- /* The keys of verification codes and unsubscribe links: every replica must hold the same. */}}
{{- $keys := $svc.secretKeys }}
{{- $keysSecret := $keys.existingSecret | default (include "offkai.componentName" (dict "root" $root "component" "notify-keys")) }}
{{- $env = append $env (include "offkai.secretEnv" (dict "name" "OFFKAI_NOTIFY_SECRET_KEYS" "secret" $keysSecret "key" $keys.key "optional" false) | fromJson) }}
{{- end }}
{{- /* Merge the extras: replace by name, keep the first position. The role follows
     <service>.worker.enabled: an extra one would put the API behind the Service in the
     wrong process, or two workers and no API. */}}
{{- range (concat ($v.config.extraEnv | default list) ($svc.env | default list)) }}
{{- if eq .name "OFFKAI_ROLE" }}
{{- fail "OFFKAI_ROLE is the chart's to set, not config.extraEnv's or a service's env: <service>.worker.enabled splits a service into an API and a worker Deployment" }}
{{- end }}
{{- end }}
{{- $byName := dict }}
{{- $order := list }}
{{- range (concat $env ($v.config.extraEnv | default list) ($svc.env | default list)) }}
{{- if and (has .name (list "OFFKAI_DATABASE_URL" "OFFKAI_JWT_SECRET" "OFFKAI_SMTP_PASSWORD" "OFFKAI_NATS_PASSWORD")) (not .valueFrom) }}
{{- fail (printf "%s must come from a Secret (valueFrom.secretKeyRef), never an inline value" .name) }}
{{- end }}
{{- if not (hasKey $byName .name) }}{{ $order = append $order .name }}{{ end }}
{{- $_ := set $byName .name . }}
{{- end }}
{{- $merged := list }}
{{- range $order }}{{ $merged = append $merged (get $byName .) }}{{ end }}
{{- toYaml $merged }}
{{- end }}

{{/*
Default topologySpreadConstraints: best-effort spread over zones, then nodes.
Context: root, component.
*/}}
{{- define "offkai.topologySpread" -}}
{{- range $key := list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
- maxSkew: 1
  topologyKey: {{ $key }}
  whenUnsatisfiable: ScheduleAnyway
  labelSelector:
    matchLabels:
      {{- include "offkai.selectorLabels" $ | nindent 6 }}
  matchLabelKeys:
    - pod-template-hash
{{- end }}
{{- end }}

{{/*
The pod spec of a service: its Deployment (mode serve) and its migration Job (mode
migrate) share it, so both run the same image, env, hardening and scheduling.
*/}}
{{- define "offkai.podSpec" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- $svc := .svc }}
{{- $serve := eq .mode "serve" }}
{{- $component := .component | default .name }}
{{- if $serve }}
serviceAccountName: {{ include "offkai.serviceAccountName" $root }}
{{- else }}
serviceAccountName: {{ include "offkai.migrationsServiceAccountName" $root }}
restartPolicy: Never
{{- end }}
automountServiceAccountToken: false
# No docker-link env vars: a Service named like <release>-grpc would inject
# OFFKAI_GRPC_PORT=tcp://… into OFFKAI_* settings.
enableServiceLinks: false
securityContext:
  {{- include "offkai.podSecurityContext" $root | nindent 2 }}
{{- with $v.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if $serve }}
{{- $needed := add (int $v.config.preStopSleepSeconds) (ceil $v.config.shutdownGraceSeconds | int) }}
{{- if le (int $svc.terminationGracePeriodSeconds) $needed }}
{{- fail (printf "%s.terminationGracePeriodSeconds (%d) must exceed config.preStopSleepSeconds + config.shutdownGraceSeconds (%d)" .name (int $svc.terminationGracePeriodSeconds) $needed) }}
{{- end }}
terminationGracePeriodSeconds: {{ int $svc.terminationGracePeriodSeconds }}
{{- end }}
containers:
  - name: {{ $serve | ternary .name "migrate" }}
    image: {{ include "offkai.image" . | quote }}
    imagePullPolicy: {{ include "offkai.imagePullPolicy" . }}
    command: ["python", "-m", {{ .facts.module | quote }}]
    args: [{{ $serve | ternary "serve" "migrate" | quote }}]
    env:
      {{- include "offkai.env" . | nindent 6 }}
    {{- if $serve }}
    ports:
      - name: grpc
        containerPort: {{ int $v.grpc.port }}
        protocol: TCP
    startupProbe:
      grpc:
        port: {{ int $v.grpc.port }}
        service: ""
      {{- toYaml $v.probes.startup | nindent 6 }}
    readinessProbe:
      grpc:
        port: {{ int $v.grpc.port }}
        service: {{ .facts.grpcService | quote }}
      {{- toYaml $v.probes.readiness | nindent 6 }}
    livenessProbe:
      grpc:
        port: {{ int $v.grpc.port }}
        service: ""
      {{- toYaml $v.probes.liveness | nindent 6 }}
    {{- if gt (int $v.config.preStopSleepSeconds) 0 }}
    lifecycle:
      preStop:
        exec:
          command: ["sleep", {{ $v.config.preStopSleepSeconds | toString | quote }}]
    {{- end }}
    resources:
      {{- toYaml (.resources | default $svc.resources) | nindent 6 }}
    {{- else }}
    resources:
      {{- toYaml $v.migrations.resources | nindent 6 }}
    {{- end }}
    securityContext:
      {{- include "offkai.containerSecurityContext" $root | nindent 6 }}
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 64Mi
{{- with $svc.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $svc.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $svc.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if $serve }}
{{- if $svc.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml $svc.topologySpreadConstraints | nindent 2 }}
{{- else if $v.topologySpread.enabled }}
topologySpreadConstraints:
  {{- include "offkai.topologySpread" (dict "root" $root "component" $component) | trim | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}

{{/* An egress rule: ports (TCP) to peers; no peers means those ports to anywhere. */}}
{{- define "offkai.egressRule" -}}
- ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ int . }}
    {{- end }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/* Cross-field checks the schema cannot express; renders nothing. */}}
{{- define "offkai.validate" -}}
{{- if .Values.nats.enabled }}
{{- if gt (int .Values.stream.replicas) (int .Values.nats.replicas) }}
{{- fail (printf "stream.replicas (%d) cannot exceed nats.replicas (%d) with the bundled NATS" (int .Values.stream.replicas) (int .Values.nats.replicas)) }}
{{- end }}
{{- else }}
{{- $_ := include "offkai.natsUrl" . }}
{{- end }}
{{- end }}
