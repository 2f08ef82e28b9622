package api

import "context"

// User is the part of the token's user pshcron reads.
type User struct {
	ID        string `json:"id"`
	Username  string `json:"username"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

// Me fetches the user the token acts as.
func (c *Client) Me(ctx context.Context) (*User, *Response, error) {
	var u User
	resp, err := c.get(ctx, []string{"users", "me"}, nil, &u)
	if err != nil {
		return nil, resp, err
	}
	return &u, resp, nil
}
