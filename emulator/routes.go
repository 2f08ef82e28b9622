package emulator

import (
	"net/http"
	"sort"
)

// The routes the emulator serves. Each name is a method and a path pattern
// below APIPath (or TokenPath): what Count counts and a Fault's Route names.
const (
	RouteToken             = "POST " + TokenPath
	RouteProject           = "GET /projects/{project}"
	RouteEnvironments      = "GET /projects/{project}/environments"
	RouteEnvironment       = "GET /projects/{project}/environments/{environment}"
	RouteBackup            = "POST /projects/{project}/environments/{environment}/backup"
	RouteBackups           = "GET /projects/{project}/environments/{environment}/backups"
	RouteDeleteBackup      = "DELETE /projects/{project}/environments/{environment}/backups/{backup}"
	RouteRedeploy          = "POST /projects/{project}/environments/{environment}/redeploy"
	RouteSourceOperation   = "POST /projects/{project}/environments/{environment}/source-operation"
	RouteSourceOperations  = "GET /projects/{project}/environments/{environment}/source-operations"
	RouteActivities        = "GET /projects/{project}/environments/{environment}/activities"
	RouteActivity          = "GET /projects/{project}/activities/{activity}"
	RouteRoutes            = "GET /projects/{project}/environments/{environment}/routes"
	RouteDeployment        = "GET /projects/{project}/environments/{environment}/deployments/{deployment}"
	RouteCertificates      = "GET /projects/{project}/certificates"
	RouteSynchronize       = "POST /projects/{project}/environments/{environment}/synchronize"
	RoutePause             = "POST /projects/{project}/environments/{environment}/pause"
	RouteResume            = "POST /projects/{project}/environments/{environment}/resume"
	RouteProjectActivities = "GET /projects/{project}/activities"
	RouteGetBackup         = "GET /projects/{project}/environments/{environment}/backups/{backup}"
	RouteMe                = "GET /users/me"

	RouteRestore        = "POST /projects/{project}/environments/{environment}/backups/{backup}/restore"
	RouteDeploy         = "POST /projects/{project}/environments/{environment}/deploy"
	RouteCancelActivity = "POST /projects/{project}/activities/{activity}/cancel"
	// RouteActivityLog is the activity's _links.log, in neither spec.
	RouteActivityLog = "GET /projects/{project}/activities/{activity}/log"

	RouteProjectVariables      = "GET /projects/{project}/variables"
	RouteCreateProjectVariable = "POST /projects/{project}/variables"
	RouteProjectVariable       = "GET /projects/{project}/variables/{variable}"
	RouteUpdateProjectVariable = "PATCH /projects/{project}/variables/{variable}"
	RouteDeleteProjectVariable = "DELETE /projects/{project}/variables/{variable}"
	RouteVariables             = "GET /projects/{project}/environments/{environment}/variables"
	RouteCreateVariable        = "POST /projects/{project}/environments/{environment}/variables"
	RouteVariable              = "GET /projects/{project}/environments/{environment}/variables/{variable}"
	RouteUpdateVariable        = "PATCH /projects/{project}/environments/{environment}/variables/{variable}"
	RouteDeleteVariable        = "DELETE /projects/{project}/environments/{environment}/variables/{variable}"
)

type route struct {
	name   string // a Route constant
	place  string // its short name, for --fault and tests; "" for none
	admin  bool   // an action: needs the admin role
	handle func(s *Server, w http.ResponseWriter, r *http.Request, p *project, body []byte)
}

// apiRoutes lists every API endpoint, once.
func apiRoutes() []route {
	return []route{
		{RouteProject, "project", false, (*Server).getProject},
		{RouteEnvironments, "environments", false, (*Server).listEnvironments},
		{RouteEnvironment, "environment", false, (*Server).getEnvironment},
		{RouteBackup, "backup", true, (*Server).createBackup},
		{RouteBackups, "backups", false, (*Server).listBackups},
		{RouteDeleteBackup, "delete-backup", true, (*Server).deleteBackup},
		{RouteRedeploy, "redeploy", true, (*Server).redeploy},
		{RouteSourceOperation, "source-operation", true, (*Server).runSourceOperation},
		{RouteSourceOperations, "source-operations", false, (*Server).listSourceOperations},
		{RouteActivities, "activities", false, (*Server).listEnvironmentActivities},
		{RouteActivity, "activity", false, (*Server).getActivity},
		{RouteRoutes, "routes", false, (*Server).listRoutes},
		{RouteDeployment, "deployment", false, (*Server).getDeployment},
		{RouteCertificates, "certificates", false, (*Server).listCertificates},
		{RouteSynchronize, "synchronize", true, (*Server).synchronize},
		{RoutePause, "pause", true, (*Server).pause},
		{RouteResume, "resume", true, (*Server).resume},
		{RouteProjectActivities, "project-activities", false, (*Server).listProjectActivities},
		{RouteGetBackup, "get-backup", false, (*Server).getBackup},
		{RouteMe, "me", false, nil},
		{RouteRestore, "restore", true, (*Server).restoreBackup},
		{RouteDeploy, "deploy", true, (*Server).deploy},
		{RouteCancelActivity, "cancel", true, (*Server).cancelActivity},
		{RouteActivityLog, "activity-log", false, (*Server).getActivityLog},
		{RouteProjectVariables, "project-variables", false, (*Server).listVariables},
		{RouteCreateProjectVariable, "create-project-variable", true, (*Server).createVariable},
		{RouteProjectVariable, "project-variable", false, (*Server).getVariable},
		{RouteUpdateProjectVariable, "update-project-variable", true, (*Server).updateVariable},
		{RouteDeleteProjectVariable, "delete-project-variable", true, (*Server).deleteVariable},
		{RouteVariables, "variables", false, (*Server).listVariables},
		{RouteCreateVariable, "create-variable", true, (*Server).createVariable},
		{RouteVariable, "variable", false, (*Server).getVariable},
		{RouteUpdateVariable, "update-variable", true, (*Server).updateVariable},
		{RouteDeleteVariable, "delete-variable", true, (*Server).deleteVariable},
	}
}

// Place returns the route a short name (backup, activities, token, any:
// every route) stands for, as `pshcron-emulator --fault` takes it.
func Place(name string) (string, bool) {
	switch name {
	case "any":
		return "*", true
	case "token":
		return RouteToken, true
	}
	for _, r := range apiRoutes() {
		if r.place == name {
			return r.name, true
		}
	}
	return "", false
}

// Places lists the short names Place knows, sorted.
func Places() []string {
	names := []string{"any", "token"}
	for _, r := range apiRoutes() {
		names = append(names, r.place)
	}
	sort.Strings(names)
	return names
}
