#!/usr/bin/env bash
# azd postprovision hook: the portal's app registration in the clinic's Entra tenant, made once
# and kept up to date on every `azd provision`. Bicep cannot make it offline (the Microsoft Graph
# extension comes from a registry), so the Azure CLI does, as the person running azd:
#   - a single-tenant web app with the portal's redirect address (code flow with PKCE),
#   - its "Outcomes.Admin" app role (assign it to the clinic's admins in Enterprise applications),
#   - a federated credential trusting the app's managed identity: the app proves itself with the
#     identity's token, so no client secret exists anywhere.
# Its client id goes into the azd environment (OUTCOMES_SIGNIN_CLIENT_ID), which Bicep reads, and
# straight into the running app's settings.
set -euo pipefail

: "${AZURE_ENV_NAME:?run by azd}" "${OUTCOMES_URL:?run after provisioning}" "${AZURE_TENANT_ID:?}" \
  "${OUTCOMES_IDENTITY_PRINCIPAL_ID:?}" "${AZURE_RESOURCE_GROUP:?}" "${AZURE_FUNCTION_APP_NAME:?}" "${OUTCOMES_SIGNIN_AUTHORITY:?}"

redirect="${OUTCOMES_URL%/}/signin-oidc"
admin_role_id="6f4e1d2a-8b3c-4f7e-9a51-0c2d3e4f5a6b" # fixed, so every run describes the same role
roles=$(cat <<JSON
[{"allowedMemberTypes":["User"],"description":"Runs the practice in the Outcomes portal: therapists, clients, health and the audit log.","displayName":"Outcomes admin","id":"${admin_role_id}","isEnabled":true,"value":"Outcomes.Admin"}]
JSON
)

app_id="${OUTCOMES_SIGNIN_CLIENT_ID:-}"
if [ -z "$app_id" ]; then
  echo "Registering the portal in Entra ID (tenant ${AZURE_TENANT_ID})"
  app_id=$(az ad app create --display-name "Outcomes portal (${AZURE_ENV_NAME})" --sign-in-audience AzureADMyOrg \
    --web-redirect-uris "$redirect" --app-roles "$roles" --query appId --output tsv)
  azd env set OUTCOMES_SIGNIN_CLIENT_ID "$app_id"
else
  echo "Updating the portal's registration ${app_id}"
  az ad app update --id "$app_id" --web-redirect-uris "$redirect" --app-roles "$roles"
fi

# The service principal, so that the admin role can be assigned to people.
az ad sp show --id "$app_id" --output none 2>/dev/null || az ad sp create --id "$app_id" --output none

# The managed identity as the app's credential.
credential="outcomes-managed-identity"
if [ -z "$(az ad app federated-credential list --id "$app_id" --query "[?name=='${credential}'].name" --output tsv)" ]; then
  az ad app federated-credential create --id "$app_id" --parameters "$(cat <<JSON
{"name":"${credential}","issuer":"https://login.microsoftonline.com/${AZURE_TENANT_ID}/v2.0","subject":"${OUTCOMES_IDENTITY_PRINCIPAL_ID}","audiences":["api://AzureADTokenExchange"],"description":"The Outcomes app's user-assigned managed identity"}
JSON
)" --output none
fi

az functionapp config appsettings set --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --output none --settings \
  "Outcomes__SignIn__Authority=${OUTCOMES_SIGNIN_AUTHORITY}" "Outcomes__SignIn__ClientId=${app_id}" "Outcomes__SignIn__ClientAuthentication=ManagedIdentity"

echo "Portal sign-in: ${OUTCOMES_URL%/}/portal (Entra ID app ${app_id})."
echo "Give admins the 'Outcomes admin' role: Entra admin center > Enterprise applications > Outcomes portal (${AZURE_ENV_NAME}) > Users and groups."
echo "Therapists sign in with the email address they are enrolled with."
