{{/* Name of the chart, or nameOverride. */}}
{{- define "baton.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: "<release>-baton", or the release name when it contains "baton". */}}
{{- define "baton.fullname" -}}
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

{{/* Name of cluster-scoped objects: the full name plus the release namespace, so that releases in
     two namespaces never share a ClusterRole. */}}
{{- define "baton.clusterName" -}}
{{- printf "%s-%s" (include "baton.fullname" .) .Release.Namespace | trunc 253 | trimSuffix "-" }}
{{- end }}

{{- define "baton.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "baton.selectorLabels" -}}
app.kubernetes.io/name: {{ include "baton.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "baton.labels" -}}
helm.sh/chart: {{ include "baton.chart" . }}
{{ include "baton.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: baton
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "baton.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "baton.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "baton.leaseName" -}}
{{- printf "%s-leader" (include "baton.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
What the operator does in a watched namespace, read from its code (reconciler/ and executor/):
nothing here may be a wildcard. HelmChartIT checks the rules and runs the operator with them.
*/}}
{{- define "baton.operatorRules" -}}
# Workflow and WorkflowInstance: the two controllers' informers (list, watch); InstanceSetup reads the
# Workflow an instance names (get).
- apiGroups: [baton.dev]
  resources: [workflows]
  verbs: [get, list, watch]
# Loop iterations are child WorkflowInstances (ChildInstances): created as the window opens, patched
# with spec.stop to stop them, deleted once counted.
- apiGroups: [baton.dev]
  resources: [workflowinstances]
  verbs: [get, list, watch, create, patch, delete]
# Signals: the Workflow and instance controllers' informers (list, watch) for signal triggers and
# steps' waitForSignals; steps' emitSignals (create); SignalReconciler deletes each one past its ttl
# (delete).
- apiGroups: [baton.dev]
  resources: [signals]
  verbs: [get, list, watch, create, delete]
# One server-side-apply status patch per reconcile (UpdateControl.patchStatus,
# PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource).
- apiGroups: [baton.dev]
  resources: [workflows/status, workflowinstances/status]
  verbs: [patch]
# Step Jobs and Pods carry an owner reference to their instance with blockOwnerDeletion; clusters that
# enable the OwnerReferencesPermissionEnforcement admission plugin (OpenShift does) require this.
- apiGroups: [baton.dev]
  resources: [workflowinstances/finalizers]
  verbs: [update]
# WorkflowRevisions: one immutable revision per Workflow spec, read back by pinned instances;
# RevisionPruner lists a workflow's revisions and deletes those no instance pins.
- apiGroups: [apps]
  resources: [controllerrevisions]
  verbs: [get, list, create, delete]
# Step attempts of the Job executor: informer (list, watch), launch (create), stop on timeout or
# FailImmediately (delete); one GET before a running attempt missing from the cache counts as
# deleted (MissingAttempts).
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, delete]
# Step attempts of the Pod executor, and the Job pods whose statuses hold exit codes and outputs;
# get: as for jobs (MissingAttempts).
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch, create, delete]
# EventRecorder: one new Event per step start, end, retry or skip (never updated). List: the Job
# controller's FailedCreate Events of a step Job whose pod the cluster refuses (quota, Pod Security).
- apiGroups: [""]
  resources: [events]
  verbs: [create, list]
# Shared concurrency limits: ConcurrencyLimits are read (get: the fresh read of each grant; list, watch:
# the informers); their status is written by PermitLedger's optimistic-concurrency grant (update, a PUT
# with the resourceVersion read) and by ConcurrencyLimitReconciler's counts (patch).
- apiGroups: [baton.dev]
  resources: [concurrencylimits]
  verbs: [get, list, watch]
- apiGroups: [baton.dev]
  resources: [concurrencylimits/status]
  verbs: [update, patch]
# A held permit is a Permit in the holder's namespace (PermitLedger): listed from the API server for each
# grant and watched (list, watch), created, confirmed (patch), read back after a create that found it
# (get), released (delete). Baton's own kind, so no right on other controllers' Leases is needed.
- apiGroups: [baton.dev]
  resources: [permits]
  verbs: [get, list, watch, create, patch, delete]
{{- range .Values.resourceKinds }}
# Resource steps' {{ .kind }} objects (resourceKinds): informer (list, watch), one per attempt (create), deleted
# when stopped, timed out or deleteOnFinish (delete); one GET before a running attempt missing from the cache
# counts as deleted (MissingResources). No update or patch: Baton never changes them.
- apiGroups: [{{ .group | quote }}]
  resources: [{{ .plural }}]
  verbs: [get, list, watch, create, delete]
{{- end }}
{{- if .Values.http.secretHeaders }}
# http steps' headers from a Secret (http.secretHeaders): one GET of the named Secret as the call is sent.
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
{{- end }}
{{- end }}

{{/*
A grant to the operator's ServiceAccount: a Role and its RoleBinding in .namespace, or without one a
ClusterRole and its ClusterRoleBinding (named after the release and its namespace, so two releases never
share one). Takes a dict: root (the chart's context), suffix (appended to the name), namespace, rules
(YAML text, a list).
*/}}
{{- define "baton.grant" -}}
{{- $root := .root -}}
{{- $cluster := empty .namespace -}}
{{- $name := printf "%s%s" (ternary (include "baton.clusterName" $root) (include "baton.fullname" $root) $cluster) (default "" .suffix) -}}
apiVersion: rbac.authorization.k8s.io/v1
kind: {{ ternary "ClusterRole" "Role" $cluster }}
metadata:
  name: {{ $name }}
  {{- if not $cluster }}
  namespace: {{ .namespace }}
  {{- end }}
  labels:
    {{- include "baton.labels" $root | nindent 4 }}
rules:
  {{- .rules | trim | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: {{ ternary "ClusterRoleBinding" "RoleBinding" $cluster }}
metadata:
  name: {{ $name }}
  {{- if not $cluster }}
  namespace: {{ .namespace }}
  {{- end }}
  labels:
    {{- include "baton.labels" $root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: {{ ternary "ClusterRole" "Role" $cluster }}
  name: {{ $name }}
subjects:
  - kind: ServiceAccount
    name: {{ include "baton.serviceAccountName" $root }}
    namespace: {{ $root.Release.Namespace }}
{{- end }}
