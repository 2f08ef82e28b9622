package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/pshcron/pshcron/emulator"
)

// The emulator's state as the checks read it: its activities, and its API
// as a client sees it.

// newestOnMain is main's newest activity, which activity:list shows first
// and activity:log follows.
func (h *harness) newestOnMain() (emulator.Activity, error) {
	acts := h.em.Activities(h.project)
	for i := len(acts) - 1; i >= 0; i-- {
		if acts[i].Environment == "main" {
			return acts[i], nil
		}
	}
	return emulator.Activity{}, fmt.Errorf("no activity on main in the emulator")
}

// newActivity is the activity of type typ the last step made on env.
func (h *harness) newActivity(typ, env string) (emulator.Activity, error) {
	acts := h.em.Activities(h.project)
	for i := len(acts) - 1; i >= h.before; i-- {
		if acts[i].Type == typ && acts[i].Environment == env {
			return acts[i], nil
		}
	}
	return emulator.Activity{}, fmt.Errorf("no new %s activity on %s in the emulator", typ, env)
}

// waitComplete waits for an activity to complete successfully.
func (h *harness) waitComplete(id string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, a := range h.em.Activities(h.project) {
			if a.ID == id && a.State == "complete" {
				if a.Result != "success" {
					return fmt.Errorf("activity %s ended in %s", id, a.Result)
				}
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("activity %s did not complete", id)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// get reads the API as a client would, with an access token of its own.
func (h *harness) get(path string, v any) error {
	resp, err := http.PostForm(h.em.URL+emulator.TokenPath, url.Values{
		"grant_type": {"api_token"}, "api_token": {apiToken}, "client_id": {"pshcron-conformance"}})
	if err != nil {
		return err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil {
		return err
	}
	req, _ := http.NewRequest("GET", h.em.URL+emulator.APIPath+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
