/**
 * The reason strings of OpenSSL 3.0 for the libraries whose errors a TLS user meets: SSL (below
 * 1000; 1000 + N is alert N, see tls-alerts.ts), X.509, PEM, ASN.1, PKCS#12, the EVP layer and the
 * default provider (wrong passphrases). Pure data, generated on this machine from libssl/libcrypto
 * 3.0.19 with `openssl errstr` over every reason number of each library and kept when it has a
 * string; one "NUMBER text" per line. The SSL_R_* numbers are the same in OpenSSL 1.1.
 */
export const OPENSSL_REASON_TEXTS: readonly (readonly [library: number, table: string])[] = [
  // ERR_LIB_SSL (20)
  [20, `
100 app data in handshake
101 no suitable key share
102 bad dh value
103 bad change cipher spec
104 inconsistent extms
105 bad hello request
106 bad data returned by callback
107 bad decompression
108 bad key share
109 cannot change cipher
110 bad extension
111 bad digest length
112 missing sigalgs extension
113 invalid configuration name
114 bad psk identity
115 bad packet length
116 bad protocol version number
117 ssl command section empty
118 no suitable signature algorithm
119 bad rsa encrypt
120 invalid key update type
121 still in init
122 bad key update
123 bad signature
124 bad ssl filetype
125 ssl command section not found
126 ssl section empty
127 bad write retry
128 bio not set
129 block cipher pad is wrong
130 bn lib
131 ca dn length mismatch
132 too many key updates
133 ccs received early
134 certificate verify failed
135 cert length mismatch
136 ssl section not found
137 cipher code wrong length
139 unknown command
140 compressed length too long
141 compression failure
142 compression library error
144 connection type not set
145 data between ccs and finished
146 data length too long
147 decryption failed
148 dh public value length is wrong
149 digest check failed
150 encrypted length too long
151 error in received cipher list
152 excessive message size
153 extra data in message
154 got a fin before a ccs
155 https proxy request
156 http request
157 tls invalid ecpointformat list
158 at least (D)TLS 1.2 needed in Suite B mode
159 length mismatch
160 length too short
161 library has no ciphers
162 illegal point compression
163 ext length mismatch
164 too much early data
165 missing dsa signing cert
166 version too high
167 context not dane enabled
168 missing rsa certificate
169 missing rsa encrypting cert
170 missing rsa signing cert
171 missing tmp dh key
172 dane already enabled
173 dane cannot override mtype full
174 invalid max early data
175 dane not enabled
176 no certificates returned
177 no certificate assigned
178 unexpected end of early data
179 no certificate set
180 dane tlsa bad certificate
181 no ciphers available
182 not on record boundary
183 no ciphers specified
184 dane tlsa bad certificate usage
185 no cipher match
186 bad cipher
187 no compression specified
188 no method specified
189 dane tlsa bad data length
190 no private key assigned
191 no protocols available
192 dane tlsa bad digest length
193 no shared cipher
194 exceeds max fragment size
195 null ssl ctx
196 null ssl method passed
197 old session cipher not returned
198 packet length too long
199 peer did not return a certificate
200 dane tlsa bad matching type
201 dane tlsa bad public key
202 dane tlsa bad selector
203 dane tlsa null data
204 error setting tlsa base domain
205 invalid alert
206 custom ext handler already installed
207 protocol is shutdown
208 sct verification failed
209 missing supported groups extension
210 ssl session version mismatch
211 read bio not set
212 invalid ct validation type
213 record length mismatch
214 no change following hrr
215 required cipher missing
216 no valid scts
217 unsolicited extension
218 ciphersuite digest has changed
219 bad psk
220 signature for non signing certificate
221 missing signing cert
222 inconsistent early data alpn
223 psk identity not found
224 psk no client cb
225 psk no server cb
226 clienthello tlsext
227 parse tlsext
228 ssl ctx has no default ssl version
229 ssl handshake failure
230 ssl library has no ciphers
231 inconsistent early data sni
232 ssl3 ext invalid max fragment length
233 bad early data
234 callback failed
235 no application protocol
236 bad handshake state
237 overflow error
238 invalid certificate or alg
239 unable to find public key parameters
240 bad packet
241 insufficient security
242 unable to load ssl3 md5 routines
243 unable to load ssl3 sha1 routines
244 unexpected message
245 unexpected record
246 unknown alert type
247 unknown certificate type
248 unknown cipher returned
249 unknown cipher type
250 unknown key exchange type
251 unknown pkey type
252 unknown protocol
253 binder does not verify
254 unknown ssl version
255 unknown state
256 missing fatal
257 unsupported compression algorithm
258 unsupported protocol
259 unsupported ssl version
260 invalid ccs message
261 wrong cipher returned
262 unexpected ccs message
263 bad hrr version
264 wrong signature length
265 wrong signature size
266 wrong ssl version
267 wrong version number
268 x509 lib
269 x509 verification setup problems
270 path too long
271 bad length
272 attempt to reuse session in different context
273 ssl session id context too long
274 library bug
275 serverhello tlsext
276 uninitialized
277 session id context uninitialized
278 post handshake auth encoding err
279 extension not received
280 invalid command
281 decryption failed or bad record mac
282 invalid context
283 invalid config
284 not server
285 request pending
286 request sent
287 no cookie callback set
288 private key mismatch
289 not replacing certificate
290 missing parameters
291 application data after close notify
292 bad legacy version
293 mixed handshake and non handshake data
294 unexpected eof while reading
295 no suitable groups
296 copy parameters failed
297 no suitable digest algorithm
298 record too small
299 cannot get group name
300 ssl3 session id too long
301 ssl session id callback failed
302 ssl session id conflict
303 ssl session id has bad length
304 bad ecc cert
305 ocsp callback failure
306 bad ecpoint
307 compression id not within private range
308 cookie mismatch
309 duplicate compression id
310 missing psk kex modes extension
311 missing tmp ecdh key
312 read timeout expired
314 unable to find ecdh parameters
315 unsupported elliptic curve
318 ecc cert not for signing
319 ssl3 ext invalid servername
320 ssl3 ext invalid servername type
324 no required digest
325 invalid ticket keys length
328 invalid status response
329 unsupported status type
330 Peer haven't sent GOST certificate, required for selected ciphersuite
331 no client cert method
332 bad handshake length
333 legacy sigalg disallowed or unsupported
334 dtls message too big
335 renegotiate ext too long
336 renegotiation encoding err
337 renegotiation mismatch
338 unsafe legacy renegotiation disabled
339 no renegotiation
340 inconsistent compression
341 invalid compression algorithm
342 required compression algorithm missing
343 compression disabled
344 old session compression algorithm not returned
345 scsv received when renegotiating
347 bad srp a length
352 bad srtp mki value
353 bad srtp protection profile list
354 empty srtp protection profile list
357 invalid srp username
358 can't find SRP server param
359 no srtp profiles
360 signature algorithms error
361 error with the srp params
362 srtp could not allocate profiles
363 srtp protection profile list too long
364 srtp unknown protection profile
367 tls illegal exporter label
368 unknown digest
369 use srtp not negotiated
370 wrong signature type
371 bad srp parameters
372 ssl negative length
373 inappropriate fallback
374 ecdh required for suiteb mode
376 no shared signature algorithms
377 cert cb error
378 wrong curve
380 illegal Suite B digest
381 missing ecdsa signing cert
383 wrong certificate type
384 bad value
385 invalid null cmd name
386 unknown cmd name
388 invalid serverinfo data
389 no pem extensions
390 bad data
391 pem name bad prefix
392 pem name too short
394 dh key too small
396 version too low
397 ca key too small
398 ca md too weak
399 ee key too small
400 cookie gen callback failure
401 fragmented client hello
402 invalid sequence number
403 no verify cookie callback
404 length too long
405 failed to init async
406 pipeline failure
407 shutdown while in init
408 ssl session id too long
409 too many warn alerts
410 no shared groups
443 bad record type
999 invalid session id
`],
  // ERR_LIB_X509 (11)
  [11, `
100 bad x509 filetype
101 cert already in hash table
103 loading cert dir
104 loading defaults
105 no cert set for us to verify
106 should retry
107 unable to find parameters in chain
108 unable to get certs public key
109 unknown nid
110 akid mismatch
111 unsupported algorithm
112 wrong lookup type
113 invalid directory
114 cant check dh key
115 key type mismatch
116 key values mismatch
117 unknown key type
118 base64 decode error
119 invalid field name
120 unknown trust id
121 unknown purpose id
122 wrong type
123 invalid trust
124 method not supported
125 public key decode error
126 public key encode error
127 crl already delta
128 idp mismatch
129 issuer mismatch
130 no crl number
131 crl verify failure
132 newer crl not newer
133 bad selector
134 name too long
135 no certificate found
136 no certificate or crl found
137 no crl found
138 invalid attributes
139 certificate verification failed
140 duplicate attribute
141 error getting md by nid
142 error using siginf set
143 invalid distpoint
144 unknown sigid algs
`],
  // ERR_LIB_PEM (9)
  [9, `
100 bad base64 decode
101 bad decrypt
102 bad end line
103 bad iv chars
104 bad password read
105 not dek info
106 not encrypted
107 not proc type
108 no start line
109 problems getting password
110 unsupported public key type
111 read key
112 short header
113 unsupported cipher
114 unsupported encryption
115 error converting private key
116 bad magic number
117 bad version number
118 bio write failure
119 expecting private key blob
120 expecting public key blob
121 inconsistent header
122 keyblob header parse error
123 keyblob too short
124 pvk data too short
125 pvk too short
126 unsupported key components
127 cipher is null
128 header too long
129 missing dek iv
130 unexpected dek iv
131 expecting dss key blob
132 expecting rsa key blob
`],
  // ERR_LIB_PROV (57)
  [57, `
100 bad decrypt
101 key setup failed
102 cipher operation failed
103 failed to get parameter
104 failed to set parameter
105 invalid key length
106 output buffer too small
107 wrong final block length
108 invalid aad
109 invalid iv length
110 invalid tag
111 invalid custom length
112 invalid salt length
113 not xof or invalid length
114 no key set
115 invalid data
118 invalid tag length
119 tag not set
120 tag not needed
121 failed to generate key
122 invalid digest
123 invalid iteration count
125 invalid mode
126 too many records
128 missing key
129 missing message digest
130 missing pass
131 missing salt
132 missing secret
133 missing session id
134 missing type
135 missing xcghash
136 not supported
137 unsupported mac type
138 value error
139 wrong output buffer size
140 missing seed
141 bad encoding
142 bad length
144 missing cek alg
145 unsupported cek alg
147 unable to load sha256
148 xts data unit is too large
149 xts duplicated keys
150 missing mac
151 invalid mac
152 unsupported number of rounds
153 unsupported key size
154 invalid seed length
155 missing cipher
156 missing constant
157 invalid constant length
158 invalid key
159 unable to get passphrase
160 bn error
161 bad tls client version
162 failed to decrypt
164 failed during derivation
165 illegal or unsupported padding mode
166 invalid digest length
167 invalid mgf1 md
168 invalid padding mode
170 invalid x931 digest
171 key size too small
172 pss saltlen too small
173 algorithm mismatch
174 digest not allowed
175 failed to sign
176 invalid curve
177 no parameters set
178 operation not supported for this keytype
179 invalid signature size
180 failed to create lock
181 insufficient drbg strength
182 parent locking not enabled
183 xof digests not allowed
184 additional input too long
185 already instantiated
186 entropy source strength too weak
187 parent cannot supply entropy seed
188 error instantiating drbg
189 error retrieving entropy
190 error retrieving nonce
191 generate error
192 in error state
193 not instantiated
194 parent strength too weak
195 personalisation string too long
196 request too large for drbg
197 reseed error
198 invalid pubinfo
199 unable to get parent strength
200 invalid ukm length
201 unable to lock parent
202 length too large
203 mismatching domain parameters
204 unable to reseed
205 derivation function init failed
206 require ctr mode cipher
207 unable to find ciphers
208 unable to initialise ciphers
209 missing OID
210 indicator integrity failure
211 invalid config data
212 invalid state
213 missing config data
214 module integrity failure
215 self test kat failure
216 self test post failure
217 invalid output length
218 invalid digest size
219 path must be absolute
220 not a public key
221 not a private key
222 search only supported for directories
223 uri authority unsupported
224 fips module entering error state
225 fips module in error state
226 not parameters
227 fips module conditional error
228 parent cannot generate random numbers
229 seed sources must not have a parent
230 invalid input length
`],
  // ERR_LIB_EVP (6)
  [6, `
100 bad decrypt
101 different key types
103 missing parameters
106 public key not rsa
107 unsupported cipher
108 unsupported key size
109 wrong final block length
111 input not initialized
114 decode error
118 unsupported private key algorithm
121 unknown pbe algorithm
122 cipher parameter error
123 unsupported keylength
124 unsupported key derivation function
125 unsupported prf
126 unsupported salt type
127 expecting an rsa key
128 expecting a dh key
129 expecting a dsa key
130 invalid key length
131 no cipher set
132 ctrl not implemented
133 ctrl operation not implemented
134 initialization error
135 unsupported number of rounds
138 data not multiple of block length
139 no digest set
142 expecting an ec key
143 aes key setup failed
144 method not supported
145 private key decode error
146 private key encode error
147 command not supported
148 invalid operation
149 no operation set
150 operation not supported for this keytype
151 operation not initialized
152 invalid digest
153 different parameters
154 no key set
155 buffer too small
156 unsupported algorithm
157 camellia key setup failed
158 no default digest
159 message digest is null
160 unknown cipher
161 unknown digest
162 partially overlapping buffers
163 invalid key
164 expecting a poly1305 key
165 error loading section
169 unknown option
170 wrap mode not allowed
171 illegal scrypt parameters
172 memory limit exceeded
173 copy error
174 expecting an hmac key
175 expecting a siphash key
176 aria key setup failed
177 only oneshot supported
178 not XOF or invalid length
179 pkey application asn1 method already registered
180 key setup failed
181 pbkdf2 error
182 get raw key failed
183 too many records
184 cipher not gcm mode
185 invalid custom length
186 invalid salt length
187 parameter too large
188 final error
189 update error
190 not able to copy ctx
191 xts data unit is too large
192 xts duplicated keys
193 invalid provider functions
194 invalid iv length
195 bad key length
196 no keymgmt present
197 cannot get parameters
198 cannot set parameters
199 no keymgmt available
200 bad algorithm name
201 conflicting algorithm name
202 output would overflow
203 inaccessible key
204 inaccessible domain parameters
205 keymgmt export failure
206 no import function
207 unknown key type
208 null mac pkey ctx
209 set default property failure
210 default query parse error
211 unable to lock context
212 unable to enable locking
213 locking not supported
214 generate error
215 unable to get maximum request size
216 unable to get random strength
217 unable to set callbacks
218 invalid null algorithm
219 expecting an ecx key
220 invalid seed length
221 invalid length
222 invalid value
223 invalid secret length
224 unsupported key type
225 cache constants failed
227 setting xof failed
`],
  // ERR_LIB_ASN1 (13)
  [13, `
100 aux error
102 bad object header
105 bn lib
106 boolean is wrong length
107 buffer too small
108 cipher has no object identifier
109 data is wrong
110 decode error
112 encode error
114 error setting cipher params
115 expecting an integer
116 expecting an object
119 explicit length mismatch
120 explicit tag not constructed
121 field missing
122 first num too large
123 header too long
124 illegal characters
125 illegal null
126 illegal optional any
127 illegal tagged any
128 integer too large for long
129 invalid bmpstring length
130 invalid digit
131 invalid separator
133 invalid universalstring length
134 invalid utf8string
137 missing eoc
138 missing second number
139 mstring not universal
140 mstring wrong tag
141 non hex characters
142 not enough data
143 no matching choice type
144 null is wrong length
145 odd number of chars
147 second number too large
148 sequence length mismatch
149 sequence not constructed
150 short line
151 string too long
152 string too short
154 the asn1 object identifier is not known for this md
155 too long
156 type not constructed
159 unexpected eoc
160 unknown format
161 unknown message digest algorithm
162 unknown object type
163 unknown public key type
164 unsupported any defined by type
167 unsupported public key type
168 wrong tag
170 illegal options on item template
171 adding object
172 error loading section
173 error getting time
174 depth exceeded
175 illegal bitstring format
176 illegal boolean
177 illegal format
178 illegal hex
179 illegal implicit tag
180 illegal integer
181 illegal nested tagging
182 illegal null value
183 illegal object
184 illegal time value
185 integer not ascii format
186 invalid modifier
187 invalid number
188 list error
189 missing value
190 not ascii format
191 object not ascii format
192 sequence or set needs config
193 time not ascii format
194 unknown tag
195 type not primitive
196 unsupported type
197 nested asn1 string
198 digest and key type not supported
199 unknown signature algorithm
200 wrong public key type
201 nested too deep
202 streaming not supported
203 asn1 parse error
204 asn1 sig parse error
205 invalid mime type
206 mime no content type
207 mime parse error
208 mime sig parse error
209 no content type
210 no multipart body failure
211 no multipart boundary
212 no sig content type
213 sig invalid mime type
214 bmpstring is wrong length
215 universalstring is wrong length
216 invalid object encoding
217 context not initialised
218 invalid string table value
219 invalid value
220 invalid bit string bits left
221 illegal padding
222 illegal zero content
223 too large
224 too small
225 wrong integer type
226 illegal negative value
227 invalid scrypt parameters
228 unsupported cipher
229 unknown digest
230 bad template
231 length too long
`],
  // ERR_LIB_PKCS12 (35)
  [35, `
100 cant pack structure
101 decode error
102 encode error
103 encrypt error
104 invalid null argument
105 invalid null pkcs12 pointer
106 iv gen error
107 key gen error
108 mac absent
109 mac generation error
110 mac setup error
111 mac string set error
112 invalid type
113 mac verify failure
114 parse error
116 pkcs12 cipherfinal error
118 unknown digest algorithm
119 unsupported pkcs12 mode
120 error setting encrypted data type
121 content type not data
`],
];
