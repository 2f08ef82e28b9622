package tasks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"sync"
	"time"
)

// Prober opens a TLS connection to each domain and reads the certificate it
// serves, to catch a renewed certificate that is not yet live.
type Prober struct {
	Timeout time.Duration              // per domain
	Addr    func(domain string) string // where to connect; nil means domain:443
	Roots   *x509.CertPool             // trust anchors; nil means the system's
}

// Probe reads every domain's served certificate in parallel. A domain that
// cannot be reached gets an Error, never a failure of the whole check.
func (p *Prober) Probe(ctx context.Context, domains []string) map[string]*Served {
	out := make(map[string]*Served, len(domains))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, d := range domains {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := p.probe(ctx, d)
			mu.Lock()
			out[d] = s
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

func (p *Prober) probe(ctx context.Context, domain string) *Served {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(domain, "443")
	if p.Addr != nil {
		addr = p.Addr(domain)
	}
	// Verification is done below, by hand, so that an expired or mismatched
	// certificate is read and reported rather than refused unseen. Nothing is
	// sent over this connection.
	d := tls.Dialer{Config: &tls.Config{ServerName: domain, InsecureSkipVerify: true}}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return &Served{Error: "unreachable: " + err.Error()}
	}
	defer conn.Close()
	certs := conn.(*tls.Conn).ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return &Served{Error: "no certificate served"}
	}
	leaf := certs[0]
	s := &Served{ExpiresAt: leaf.NotAfter, Issuer: leaf.Issuer.CommonName}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: domain, Roots: p.Roots, Intermediates: inter}); err != nil {
		s.Error = "the served certificate does not verify: " + err.Error()
	}
	return s
}
