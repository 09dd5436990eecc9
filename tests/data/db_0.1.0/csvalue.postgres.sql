--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: respondents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.respondents (
    wave character varying(100) NOT NULL,
    resp_id character varying(100) NOT NULL,
    cs100 double precision,
    repurchase100 double precision,
    recommend100 double precision,
    nps_score double precision,
    cls double precision,
    cvi double precision,
    value_segment character varying(100),
    loyalty_tier character varying(100),
    disc_type character varying(100),
    customer_type text,
    region text,
    age_band text,
    volume text,
    division text,
    tenure_years double precision,
    maintenance text,
    b_convenience double precision,
    eb_convenience double precision,
    b_speed double precision,
    eb_speed double precision,
    b_accuracy double precision,
    eb_accuracy double precision,
    b_cost double precision,
    eb_cost double precision,
    b_image double precision,
    eb_image double precision,
    b_service double precision,
    eb_service double precision,
    b_price double precision,
    eb_price double precision,
    v_stability double precision,
    ev_stability double precision,
    v_efficiency double precision,
    ev_efficiency double precision,
    v_relationship double precision,
    ev_relationship double precision,
    v_revenue double precision,
    ev_revenue double precision,
    v_reassurance double precision,
    ev_reassurance double precision,
    v_confidence double precision,
    ev_confidence double precision,
    v_leisure double precision,
    ev_leisure double precision,
    cs double precision,
    repurchase double precision,
    recommend double precision,
    comp_cs double precision,
    comp_v_stability double precision,
    comp_v_efficiency double precision,
    comp_v_relationship double precision,
    comp_v_revenue double precision,
    comp_v_reassurance double precision,
    comp_v_confidence double precision,
    comp_v_leisure double precision,
    disc_d1 double precision,
    disc_d2 double precision,
    disc_i1 double precision,
    disc_i2 double precision,
    disc_s1 double precision,
    disc_s2 double precision,
    disc_c1 double precision,
    disc_c2 double precision
);


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version integer NOT NULL,
    applied_at timestamp with time zone NOT NULL
);


--
-- Name: schema_version_version_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.schema_version_version_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: schema_version_version_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.schema_version_version_seq OWNED BY public.schema_version.version;


--
-- Name: voc_private; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.voc_private (
    wave character varying(100) NOT NULL,
    resp_id character varying(100) NOT NULL,
    voc text
);


--
-- Name: TABLE voc_private; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.voc_private IS 'PRIVATE: verbatim customer comments; never published';


--
-- Name: waves; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.waves (
    wave character varying(100) NOT NULL,
    file text NOT NULL,
    file_hash character varying(64) NOT NULL,
    n integer NOT NULL,
    stored_at timestamp with time zone NOT NULL,
    codebook text NOT NULL,
    columns json NOT NULL,
    settings json NOT NULL,
    model json NOT NULL
);


--
-- Name: schema_version version; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version ALTER COLUMN version SET DEFAULT nextval('public.schema_version_version_seq'::regclass);


--
-- Data for Name: respondents; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.respondents (wave, resp_id, cs100, repurchase100, recommend100, nps_score, cls, cvi, value_segment, loyalty_tier, disc_type, customer_type, region, age_band, volume, division, tenure_years, maintenance, b_convenience, eb_convenience, b_speed, eb_speed, b_accuracy, eb_accuracy, b_cost, eb_cost, b_image, eb_image, b_service, eb_service, b_price, eb_price, v_stability, ev_stability, v_efficiency, ev_efficiency, v_relationship, ev_relationship, v_revenue, ev_revenue, v_reassurance, ev_reassurance, v_confidence, ev_confidence, v_leisure, ev_leisure, cs, repurchase, recommend, comp_cs, comp_v_stability, comp_v_efficiency, comp_v_relationship, comp_v_revenue, comp_v_reassurance, comp_v_confidence, comp_v_leisure, disc_d1, disc_d2, disc_i1, disc_i2, disc_s1, disc_s2, disc_c1, disc_c2) FROM stdin;
2024	C000001	75	75	80	0	77.74663079551331	76.37331539775666	leisure_seeking	love-hate	S	clinic	metro	<40	100+	emr	1	basic	3	3	3	4	5	4	4	2	4	3	2	5	3	5	3	4	2	3	2	3	3	3	4	3	3	3	3	4	4	4	8	2	3	2	2	4	3	3	2	2	2	2	3	4	5	2	2
2024	C000002	75	50	50	-100	50	62.5	work_value	inferior	S	clinic	seoul	<40	50-100	emr	1	basic	2	3	3	3	3	3	5	3	3	3	3	4	3	4	3	5	4	5	2	3	4	3	1	3	4	3	4	4	4	3	5	\N	\N	\N	\N	\N	\N	\N	\N	2	3	2	3	3	5	4	2
2024	C000003	100	100	100	100	100	100	general_majority	loyalist	I	pharmacy	provincial	50+	50-100	pms	7	basic	5	3	5	3	5	4	3	5	4	5	4	4	3	3	5	4	5	5	3	4	3	5	5	3	4	3	4	3	5	5	10	5	5	4	3	3	5	3	3	4	2	4	3	3	2	3	2
2024	C000004	75	75	90	100	83.2398923865399	79.11994619326995	general_majority_2	apostle	I	pharmacy	seoul	50+	50-100	supplies	7	premium	4	3	4	3	5	3	4	5	3	5	4	3	4	3	3	4	4	4	4	4	1	4	4	4	4	4	4	3	4	4	9	5	4	4	5	1	5	3	3	3	2	3	5	4	3	2	3
2024	C000005	75	75	50	-100	61.266846022433484	68.13342301121673	work_value	love-hate	I	pharmacy	provincial	50+	50-100	pms	5	basic	3	3	3	3	4	3	3	3	4	3	3	2	3	3	3	5	3	5	3	3	4	3	4	2	4	3	4	2	4	4	5	3	3	3	2	4	4	2	3	2	4	3	4	2	3	3	2
2024	C000006	100	100	100	100	100	100	general_majority	loyalist	mixed	pharmacy	seoul	50+	50-100	pms	1	premium	5	4	3	3	4	3	5	5	4	4	4	4	5	3	4	4	4	4	3	5	5	5	5	3	5	4	5	3	5	5	10	4	3	3	3	5	3	4	3	3	4	4	2	2	2	3	4
2024	C000007	75	75	80	0	77.74663079551331	76.37331539775666	general_majority_2	love-hate	mixed	pharmacy	metro	50+	100+	pms	10	premium	4	3	3	3	3	3	3	4	4	5	4	3	4	3	3	4	3	4	4	4	4	4	3	3	4	4	4	3	4	4	8	4	3	3	4	4	2	3	3	3	4	4	3	4	2	4	3
2024	C000008	100	75	80	0	77.74663079551331	88.87331539775666	benefit_seeking_2	love-hate	mixed	clinic	metro	50+	50-100	emr	2	basic	4	4	4	3	4	3	3	4	3	3	4	4	3	4	4	3	2	4	2	4	4	4	4	4	4	5	3	3	5	4	8	4	4	3	4	4	2	3	3	5	3	1	2	2	3	4	4
2024	C000009	50	50	60	-100	55.49326159102661	52.746630795513305	benefit_seeking_2	inferior	D	pharmacy	provincial	50+	50-100	pms	1	premium	4	4	3	4	4	4	3	3	3	4	4	4	2	4	3	4	3	4	3	3	2	3	4	4	2	5	2	3	3	3	6	4	2	5	4	2	2	1	3	3	4	3	3	2	4	3	3
2024	C000010	50	50	60	-100	55.49326159102661	52.746630795513305	benefit_seeking	inferior	S	pharmacy	provincial	<40	50-100	pms	11	premium	2	5	3	5	4	5	3	4	3	4	4	4	2	3	1	4	2	4	3	4	3	4	3	3	3	4	2	4	3	3	6	5	2	1	4	4	2	3	1	3	2	3	1	4	4	4	2
2024	C000011	50	25	50	-100	38.733153977566516	44.36657698878326	work_value_2	inferior	S	pharmacy	provincial	<40	50-100	supplies	2	premium	2	4	5	4	3	4	3	3	4	4	3	3	3	3	2	5	3	5	4	4	3	4	3	3	3	3	3	3	3	2	5	5	2	3	5	3	5	3	1	4	2	3	3	3	4	2	3
2024	C000012	100	100	90	100	94.5067384089734	97.2533692044867	benefit_seeking_2	loyalist	C	clinic	provincial	<40	50-100	emr	3	basic	4	3	4	3	4	4	3	3	4	3	3	3	2	3	5	3	3	3	3	4	1	3	4	5	3	5	2	3	5	5	9	5	4	2	2	3	4	3	1	2	3	4	3	2	2	4	5
2024	C000013	25	25	40	-100	33.23989238653991	29.119946193269953	benefit_seeking	inferior	D	clinic	seoul	40s	50-100	emr	2	basic	2	5	4	5	5	5	4	3	2	4	3	3	4	4	2	4	2	4	2	4	3	4	2	4	2	4	3	4	2	2	4	3	3	3	2	3	3	3	2	3	5	3	2	2	4	2	1
2024	C000014	75	75	80	0	77.74663079551331	76.37331539775666	leisure_seeking	love-hate	D	clinic	provincial	50+	<50	supplies	3	premium	3	3	2	3	5	3	2	3	3	3	3	4	5	5	3	3	3	4	3	3	2	3	4	3	5	3	3	4	4	4	8	\N	\N	\N	\N	\N	\N	\N	\N	3	4	1	3	3	2	2	1
2024	C000015	0	50	30	-100	39.01347681794679	19.506738408973394	leisure_seeking	inferior	mixed	clinic	provincial	40s	50-100	emr	8	premium	3	4	3	4	4	3	2	4	2	4	3	5	3	5	2	4	2	4	2	4	2	4	2	4	2	3	2	5	1	3	3	3	3	2	3	2	3	3	3	2	2	2	3	3	4	4	3
2024	C000016	100	100	80	0	89.01347681794678	94.50673840897339	benefit_seeking	love-hate	C	clinic	seoul	<40	100+	emr	3	basic	3	5	5	5	5	5	4	3	5	3	3	4	3	3	4	3	4	3	4	3	3	4	5	3	4	3	3	3	5	5	8	\N	\N	\N	\N	\N	\N	\N	\N	3	2	1	4	2	3	5	3
2024	C000017	75	75	70	0	72.2533692044867	73.62668460224336	general_majority	love-hate	mixed	pharmacy	provincial	50+	<50	pms	11	premium	3	4	5	4	4	4	4	5	3	4	4	3	4	3	3	4	4	4	2	5	3	4	3	4	3	3	3	3	4	4	7	\N	\N	\N	\N	\N	\N	\N	\N	5	2	2	3	3	4	2	3
2024	C000018	100	75	90	100	83.2398923865399	91.61994619326995	benefit_seeking_2	apostle	I	pharmacy	seoul	40s	50-100	supplies	6	basic	4	3	4	3	4	3	4	3	4	3	5	4	3	4	4	3	3	3	2	3	4	3	4	5	4	5	4	3	5	4	9	4	4	3	3	5	4	3	5	2	4	4	4	3	3	1	3
2024	C000019	75	50	50	-100	50	62.5	benefit_seeking	inferior	mixed	clinic	metro	<40	50-100	emr	0	basic	2	5	3	5	4	5	2	3	3	4	4	4	2	3	2	4	3	4	3	4	1	4	3	4	3	4	2	3	4	3	5	\N	\N	\N	\N	\N	\N	\N	\N	3	4	2	4	3	4	3	3
2024	C000020	75	50	60	-100	55.49326159102661	65.24663079551331	work_value_2	inferior	S	clinic	seoul	40s	50-100	emr	5	basic	4	4	4	4	5	4	4	4	5	3	4	4	3	4	3	5	4	5	3	4	3	4	3	4	4	4	3	3	4	3	6	\N	\N	\N	\N	\N	\N	\N	\N	2	3	2	4	4	4	2	4
2024	C000021	75	50	80	0	66.47978477307981	70.7398923865399	work_value	inferior	D	clinic	provincial	50+	100+	emr	2	basic	4	3	3	3	4	3	5	3	4	3	5	4	2	3	4	5	3	5	4	3	3	3	4	3	4	3	3	3	4	3	8	5	3	4	4	4	3	3	2	5	3	2	3	2	3	1	3
2024	C000022	75	50	80	0	66.47978477307981	70.7398923865399	general_majority	inferior	D	pharmacy	seoul	50+	<50	pms	2	premium	4	3	3	4	3	4	3	5	4	5	4	4	2	4	3	4	3	4	3	5	3	5	3	4	2	4	2	3	4	3	8	\N	\N	\N	\N	\N	\N	\N	\N	5	4	3	4	4	4	5	3
2024	C000023	75	100	80	0	89.01347681794678	82.00673840897339	general_majority	love-hate	C	clinic	metro	50+	50-100	supplies	2	basic	4	4	4	4	4	4	4	5	3	5	3	4	4	4	4	4	2	4	5	5	3	5	4	4	4	3	5	3	4	5	8	4	3	1	4	4	3	4	5	3	3	3	3	3	1	3	5
2024	C000024	100	100	100	100	100	100	general_majority	loyalist	mixed	clinic	metro	50+	50-100	emr	1	basic	4	3	5	4	3	4	4	5	4	5	5	4	4	3	5	4	4	4	3	5	3	4	4	4	3	3	4	3	5	5	10	2	4	2	2	4	4	4	3	4	3	3	1	3	3	3	4
2024	C000025	50	50	80	0	66.47978477307981	58.23989238653991	leisure_seeking	inferior	mixed	pharmacy	metro	50+	50-100	pms	0	premium	3	4	3	4	2	4	2	4	3	3	4	5	3	5	3	3	2	4	3	3	1	3	3	3	1	4	2	5	3	3	8	\N	\N	\N	\N	\N	\N	\N	\N	2	4	2	3	3	3	3	3
2024	C000026	50	75	60	-100	66.7601076134601	58.38005380673005	benefit_seeking_2	love-hate	I	pharmacy	metro	40s	50-100	supplies	2	basic	2	3	3	4	4	3	3	3	4	3	5	3	2	3	3	3	3	3	3	3	2	3	3	4	3	4	3	2	3	4	6	\N	\N	\N	\N	\N	\N	\N	\N	3	3	4	5	4	3	2	4
2024	C000027	100	100	100	100	100	100	general_majority_2	loyalist	D	clinic	seoul	50+	50-100	emr	15	premium	4	3	4	3	4	3	4	4	4	4	5	4	4	3	4	3	4	3	3	5	2	5	4	4	4	4	4	2	5	5	10	\N	\N	\N	\N	\N	\N	\N	\N	4	4	2	3	2	2	2	2
2024	C000028	100	50	80	0	66.47978477307981	83.2398923865399	work_value_2	inferior	D	clinic	provincial	50+	100+	emr	1	basic	4	4	4	4	4	4	3	3	3	3	5	3	3	3	3	5	3	5	4	4	2	3	2	3	4	4	3	3	5	3	8	5	2	2	2	3	4	3	4	3	4	3	3	1	3	2	3
2024	C000029	100	100	100	100	100	100	benefit_seeking	loyalist	mixed	clinic	provincial	40s	100+	emr	8	basic	4	5	4	4	5	5	5	4	5	4	3	4	2	4	4	4	4	4	4	5	4	5	4	4	4	4	4	4	5	5	10	\N	\N	\N	\N	\N	\N	\N	\N	3	3	2	4	2	5	3	4
2024	C000030	100	75	80	0	77.74663079551331	88.87331539775666	leisure_seeking	love-hate	D	clinic	provincial	50+	100+	supplies	6	premium	3	3	4	3	3	4	3	4	3	4	4	5	4	5	4	4	4	4	3	4	4	3	3	3	3	4	4	5	5	4	8	\N	\N	\N	\N	\N	\N	\N	\N	3	5	4	2	3	4	3	4
2024	C000031	100	75	100	100	88.73315397756653	94.36657698878327	general_majority	apostle	I	clinic	metro	40s	100+	supplies	3	basic	4	4	3	4	5	3	3	5	4	5	\N	4	5	3	3	5	4	4	3	5	3	5	4	3	3	4	4	3	5	4	10	\N	\N	\N	\N	\N	\N	\N	\N	3	4	3	5	4	2	3	3
2024	C000032	75	75	80	0	77.74663079551331	76.37331539775666	leisure_seeking	love-hate	I	clinic	provincial	50+	<50	supplies	3	basic	3	3	3	4	4	4	4	4	3	3	3	5	3	5	3	5	3	4	2	4	3	3	3	4	3	4	4	4	4	4	8	\N	\N	\N	\N	\N	\N	\N	\N	3	3	5	4	3	5	4	2
2024	C000033	75	100	80	0	89.01347681794678	82.00673840897339	general_majority_2	love-hate	S	clinic	provincial	40s	<50	emr	5	basic	5	4	4	3	4	3	4	3	5	4	4	3	2	3	4	4	3	3	4	4	4	4	5	3	4	3	3	3	4	5	8	5	3	3	4	3	5	3	4	2	2	1	3	3	5	4	3
2024	C000034	100	100	80	0	89.01347681794678	94.50673840897339	work_value_2	love-hate	I	clinic	metro	40s	50-100	emr	19	premium	4	4	4	4	3	4	4	3	5	3	5	3	4	3	4	5	5	5	4	3	3	4	5	3	4	4	4	3	5	5	8	5	3	4	4	2	3	4	3	3	3	5	4	2	2	3	4
2024	C000035	75	75	80	0	77.74663079551331	76.37331539775666	\N	love-hate	C	pharmacy	seoul	<40	50-100	pms	8	premium	4	4	4	3	4	\N	4	3	5	4	5	4	4	4	3	4	4	4	5	3	4	4	5	5	3	5	4	3	4	4	8	\N	\N	\N	\N	\N	\N	\N	\N	3	5	2	2	2	3	5	5
2024	C000036	100	75	100	100	88.73315397756653	94.36657698878327	benefit_seeking	apostle	C	pharmacy	seoul	40s	50-100	pms	17	basic	5	4	5	4	4	4	5	4	3	4	3	4	4	3	4	4	5	4	3	4	3	4	5	5	3	5	3	4	5	4	10	\N	\N	\N	\N	\N	\N	\N	\N	3	2	3	3	3	3	4	3
2024	C000037	100	75	90	100	83.2398923865399	91.61994619326995	general_majority	apostle	C	clinic	seoul	50+	100+	supplies	5	basic	4	3	4	4	4	4	3	5	2	4	5	4	3	3	3	4	3	5	2	5	2	4	4	4	3	3	3	3	5	4	9	5	2	2	3	3	5	3	3	3	3	1	3	3	2	5	4
2024	C000038	75	75	80	0	77.74663079551331	76.37331539775666	work_value	love-hate	D	pharmacy	seoul	40s	<50	pms	1	basic	4	4	2	3	4	4	4	3	3	3	4	3	3	4	3	5	2	5	2	2	3	3	5	3	4	4	4	3	4	4	8	\N	\N	\N	\N	\N	\N	\N	\N	4	4	2	3	2	3	3	4
2024	C000039	75	75	80	0	77.74663079551331	76.37331539775666	benefit_seeking_2	love-hate	C	clinic	provincial	40s	50-100	emr	1	basic	3	4	4	4	4	4	4	3	4	3	4	3	5	4	3	4	4	4	3	3	4	3	4	5	4	5	4	3	4	4	8	4	4	4	3	4	3	5	4	3	3	2	1	2	3	5	5
2024	C000040	75	75	90	100	83.2398923865399	79.11994619326995	general_majority_2	apostle	C	pharmacy	provincial	40s	50-100	pms	1	premium	4	3	3	3	4	3	3	4	5	5	3	3	3	2	3	3	3	3	2	3	4	4	3	3	4	3	3	3	4	4	9	\N	\N	\N	\N	\N	\N	\N	\N	1	3	2	4	4	3	4	4
2025	C000007	50	25	70	0	49.719677159619735	49.85983857980987	general_majority_2	inferior	mixed	pharmacy	metro	50+	100+	pms	10	premium	3	3	2	3	3	3	3	4	3	4	2	3	3	3	2	3	3	3	3	4	3	4	1	4	3	3	3	3	3	2	7	5	4	3	3	3	2	3	1	2	4	4	3	4	3	4	3
2025	C000009	75	75	70	0	72.2533692044867	73.62668460224336	psychological_value	love-hate	D	pharmacy	provincial	50+	50-100	pms	1	premium	4	4	5	3	3	4	4	3	3	3	\N	4	3	3	3	4	3	4	3	3	2	4	4	5	3	5	3	3	4	4	7	3	3	4	5	2	2	2	4	4	5	1	3	1	4	3	4
2025	C000010	50	50	50	-100	50	50	benefit_seeking_2	inferior	C	pharmacy	provincial	<40	50-100	pms	11	premium	2	5	4	5	4	5	4	4	5	3	3	3	4	4	2	4	2	4	3	4	4	4	3	3	3	4	3	4	3	3	5	4	3	2	4	4	3	2	2	2	2	3	2	2	3	5	3
2025	C000013	25	25	60	-100	44.226415568593126	34.61320778429656	benefit_seeking_2	inferior	D	clinic	seoul	40s	50-100	emr	2	basic	2	5	2	5	4	5	4	3	3	4	3	4	2	4	2	4	1	4	3	4	3	4	2	4	2	4	3	4	2	2	6	4	4	2	3	4	2	4	2	3	4	2	2	3	3	2	3
2025	C000018	100	100	100	100	100	100	psychological_value_2	loyalist	mixed	pharmacy	seoul	40s	50-100	supplies	6	basic	5	3	5	3	5	3	4	3	4	3	5	3	4	4	5	3	3	3	3	3	4	3	5	5	4	5	5	3	5	5	10	4	4	3	4	5	3	3	4	3	4	3	4	4	3	1	3
2025	C000022	100	100	100	100	100	100	general_majority	loyalist	D	pharmacy	seoul	50+	<50	pms	2	premium	5	4	3	4	3	5	4	5	5	5	5	4	3	4	5	5	4	4	4	5	4	5	5	4	4	4	5	3	5	5	10	\N	\N	\N	\N	\N	\N	\N	\N	5	3	3	4	2	3	4	3
2025	C000025	50	50	60	-100	55.49326159102661	52.746630795513305	leisure_seeking	inferior	C	pharmacy	metro	50+	50-100	pms	0	premium	4	4	3	4	2	4	2	3	3	3	5	5	3	4	3	4	3	4	3	4	1	3	3	3	1	4	3	5	3	3	6	\N	\N	\N	\N	\N	\N	\N	\N	2	2	2	4	3	3	4	4
2025	C000027	75	100	90	100	94.5067384089734	84.7533692044867	\N	loyalist	mixed	clinic	seoul	50+	50-100	emr	15	premium	5	4	4	3	3	4	3	5	5	5	4	4	5	3	4	4	4	4	5	5	2	\N	4	4	4	4	4	3	4	5	9	\N	\N	\N	\N	\N	\N	\N	\N	2	4	3	2	2	4	3	2
2025	C000029	75	100	80	0	89.01347681794678	82.00673840897339	general_majority	love-hate	S	clinic	provincial	40s	100+	emr	8	basic	3	4	4	3	5	4	4	4	5	4	2	4	2	4	4	4	3	4	3	4	4	5	3	3	4	4	3	3	4	5	8	\N	\N	\N	\N	\N	\N	\N	\N	3	4	2	3	3	5	3	3
2025	C000030	100	75	80	0	77.74663079551331	88.87331539775666	leisure_seeking	love-hate	mixed	clinic	provincial	50+	100+	supplies	6	premium	3	3	4	4	5	4	3	3	3	4	4	5	4	5	3	4	3	4	3	3	2	3	3	4	3	4	3	5	5	4	8	\N	\N	\N	\N	\N	\N	\N	\N	2	3	4	4	3	3	4	4
2025	C000033	100	100	100	100	100	100	general_majority_2	loyalist	C	clinic	provincial	40s	<50	emr	5	basic	4	3	4	3	5	3	4	4	5	4	5	3	3	4	4	4	3	4	4	4	5	4	5	3	5	3	4	4	5	5	10	5	3	2	5	3	5	4	5	2	2	1	3	2	3	3	4
2025	C000034	100	75	90	100	83.2398923865399	91.61994619326995	psychological_value	apostle	I	clinic	metro	40s	50-100	emr	19	premium	4	4	3	4	3	3	3	3	5	3	5	4	4	3	5	5	4	5	5	3	3	4	5	3	4	4	5	3	5	4	9	5	4	3	5	2	4	2	3	4	3	5	3	2	4	4	3
2025	C000035	25	50	60	-100	55.49326159102661	40.246630795513305	psychological_value	inferior	C	pharmacy	seoul	<40	50-100	pms	8	premium	4	4	\N	4	3	4	4	3	4	4	4	4	3	4	3	4	3	4	4	3	3	4	2	5	2	5	2	3	2	3	6	\N	\N	\N	\N	\N	\N	\N	\N	2	4	2	2	3	3	4	5
2025	C000036	50	50	70	0	60.98652318205322	55.49326159102661	psychological_value	inferior	I	pharmacy	seoul	40s	50-100	pms	17	basic	5	4	4	4	3	4	5	4	3	4	3	4	3	3	3	4	3	4	4	4	3	4	4	5	3	5	2	3	3	3	7	\N	\N	\N	\N	\N	\N	\N	\N	3	2	4	4	4	2	3	3
2025	C000038	75	50	60	-100	55.49326159102661	65.24663079551331	psychological_value	inferior	D	pharmacy	seoul	40s	<50	pms	1	basic	3	4	4	4	5	4	4	4	4	3	3	4	3	4	4	5	2	5	3	3	3	4	4	3	3	5	3	3	4	3	6	\N	\N	\N	\N	\N	\N	\N	\N	5	4	2	3	3	3	3	4
2025	C000039	50	75	60	-100	66.7601076134601	58.38005380673005	psychological_value_2	love-hate	C	clinic	provincial	40s	50-100	emr	1	basic	2	3	4	4	4	3	3	3	4	3	4	3	5	3	3	4	2	3	2	3	3	3	3	5	3	5	3	3	3	4	6	2	4	3	3	5	1	4	3	3	5	2	1	2	4	5	5
2025	C000041	75	100	80	0	89.01347681794678	82.00673840897339	leisure_seeking	love-hate	S	pharmacy	seoul	40s	<50	pms	2	premium	5	4	5	4	5	4	4	4	5	4	4	5	4	5	5	4	4	4	4	4	4	4	4	4	5	4	4	5	4	5	8	\N	\N	\N	\N	\N	\N	\N	\N	3	3	3	3	5	2	2	3
2025	C000042	100	75	80	0	77.74663079551331	88.87331539775666	psychological_value	love-hate	C	pharmacy	provincial	<40	<50	pms	4	basic	3	4	5	3	4	4	4	4	5	4	4	4	4	4	3	4	3	4	5	3	4	3	4	5	4	5	4	4	5	4	8	\N	\N	\N	\N	\N	\N	\N	\N	3	3	4	2	3	3	4	3
2025	C000043	50	50	70	0	60.98652318205322	55.49326159102661	leisure_seeking_2	inferior	C	pharmacy	seoul	50+	50-100	pms	14	premium	3	3	4	3	\N	3	2	3	5	3	4	4	4	4	3	3	2	3	4	3	3	3	4	3	2	3	2	4	3	3	7	3	2	2	4	3	3	2	2	1	1	1	4	3	2	4	3
2025	C000044	100	75	90	100	83.2398923865399	91.61994619326995	leisure_seeking	apostle	D	clinic	metro	50+	<50	emr	0	premium	4	4	4	4	5	4	4	3	5	4	4	5	4	5	3	4	3	4	4	4	3	4	4	3	4	4	4	5	5	4	9	\N	\N	\N	\N	\N	\N	\N	\N	4	5	4	4	4	4	4	4
2025	C000045	75	75	80	0	77.74663079551331	76.37331539775666	leisure_seeking_2	love-hate	I	clinic	metro	<40	100+	emr	3	premium	3	3	3	3	4	3	1	2	4	3	3	4	3	5	1	3	3	3	3	3	3	3	5	3	4	2	4	4	4	4	8	\N	\N	\N	\N	\N	\N	\N	\N	4	2	4	4	4	3	2	3
2025	C000046	75	75	80	0	77.74663079551331	76.37331539775666	general_majority	love-hate	mixed	pharmacy	provincial	50+	100+	pms	19	basic	4	3	3	4	4	4	4	4	4	5	3	4	2	4	3	4	3	4	4	5	2	5	3	3	4	4	3	4	4	4	8	\N	\N	\N	\N	\N	\N	\N	\N	4	3	2	5	2	2	3	3
2025	C000047	100	75	100	100	88.73315397756653	94.36657698878327	benefit_seeking	apostle	D	clinic	provincial	<40	100+	emr	4	basic	5	5	5	5	5	5	1	3	4	3	5	3	3	3	4	3	4	3	5	2	2	2	5	3	4	3	3	2	5	4	10	\N	\N	\N	\N	\N	\N	\N	\N	3	4	2	3	3	3	3	3
2025	C000048	100	100	100	100	100	100	general_majority	loyalist	D	pharmacy	provincial	50+	50-100	pms	26	premium	5	4	4	4	5	4	5	5	3	5	4	4	2	4	4	4	5	3	4	5	4	5	5	3	3	4	4	3	5	5	10	\N	\N	\N	\N	\N	\N	\N	\N	4	4	3	3	1	3	2	3
2025	C000049	75	75	100	100	88.73315397756653	81.86657698878327	general_majority_2	apostle	S	pharmacy	metro	50+	100+	supplies	40	premium	5	3	5	3	4	4	5	4	3	4	3	3	4	3	4	4	4	3	2	5	5	4	5	3	\N	3	3	2	4	4	10	3	4	4	3	3	4	3	2	2	1	2	1	4	5	2	2
2025	C000050	100	75	80	0	77.74663079551331	88.87331539775666	general_majority	love-hate	D	clinic	metro	<40	50-100	emr	0	premium	4	4	5	4	5	4	4	3	4	4	4	3	5	4	5	5	4	5	3	4	4	4	4	4	4	4	3	3	5	4	8	4	3	5	3	5	4	3	2	4	4	1	4	2	1	4	2
2025	C000051	100	100	80	0	89.01347681794678	94.50673840897339	psychological_value	love-hate	mixed	clinic	provincial	40s	100+	emr	17	basic	4	3	4	4	4	4	5	4	4	3	5	4	5	3	3	4	4	3	3	4	4	4	4	4	4	5	3	3	5	5	8	\N	\N	\N	\N	\N	\N	\N	\N	2	3	2	4	3	2	2	4
2025	C000052	100	75	80	0	77.74663079551331	88.87331539775666	\N	love-hate	I	clinic	metro	<40	<50	emr	2	basic	4	5	4	4	4	5	4	4	3	4	3	4	4	\N	3	4	4	4	3	3	3	3	4	3	4	4	3	3	5	4	8	5	3	2	3	4	5	5	2	2	3	5	3	2	2	3	2
2025	C000053	50	50	80	0	66.47978477307981	58.23989238653991	general_majority	inferior	mixed	pharmacy	metro	50+	50-100	pms	3	premium	3	4	\N	4	4	4	1	4	5	4	5	4	3	3	3	5	3	4	5	5	3	5	3	3	4	4	4	3	3	3	8	\N	\N	\N	\N	\N	\N	\N	\N	2	2	4	4	5	3	4	3
2025	C000054	100	75	100	100	88.73315397756653	94.36657698878327	general_majority	apostle	C	pharmacy	provincial	50+	50-100	pms	16	premium	5	4	4	4	4	4	4	5	4	4	5	4	3	4	4	4	4	4	3	5	4	5	3	4	4	4	4	3	5	4	10	5	3	2	3	4	4	3	4	2	4	3	3	1	1	4	3
2025	C000055	100	100	100	100	100	100	psychological_value_2	loyalist	I	clinic	metro	50+	<50	supplies	22	premium	5	3	5	4	3	3	5	4	4	3	3	3	3	3	5	4	5	4	5	3	4	4	4	5	4	5	3	3	5	5	10	\N	\N	\N	\N	\N	\N	\N	\N	3	3	4	4	2	3	2	4
2025	C000056	100	100	100	100	100	100	\N	loyalist	I	clinic	metro	<40	<50	supplies	2	premium	5	4	5	4	5	\N	4	4	4	5	4	4	4	4	5	4	5	4	3	5	4	5	3	3	4	4	4	3	5	5	10	\N	\N	\N	\N	\N	\N	\N	\N	3	1	5	5	2	2	3	1
2025	C000057	100	75	90	100	83.2398923865399	91.61994619326995	psychological_value_2	apostle	C	clinic	metro	50+	100+	emr	1	basic	4	3	4	3	5	3	3	3	4	4	4	3	4	3	4	3	2	3	4	3	1	3	3	4	4	5	4	2	5	4	9	\N	\N	\N	\N	\N	\N	\N	\N	1	3	1	3	3	3	4	5
2025	C000058	100	75	80	0	77.74663079551331	88.87331539775666	leisure_seeking	love-hate	C	pharmacy	provincial	<40	50-100	pms	14	premium	3	4	5	3	4	4	5	3	5	3	4	5	3	4	\N	3	4	3	3	3	5	3	4	4	3	4	4	5	5	4	8	4	4	4	4	3	3	3	3	1	4	3	3	4	2	3	4
2025	C000059	100	75	80	0	77.74663079551331	88.87331539775666	\N	love-hate	S	pharmacy	metro	40s	<50	pms	0	premium	4	3	4	4	4	4	4	3	4	4	3	\N	2	5	3	4	5	4	2	3	4	4	5	3	4	4	4	5	5	4	8	5	3	4	3	4	3	2	3	4	3	4	3	3	5	3	2
2025	C000060	75	75	80	0	77.74663079551331	76.37331539775666	benefit_seeking_2	love-hate	I	clinic	provincial	<40	50-100	emr	2	basic	3	5	3	5	4	5	4	3	5	4	3	3	4	4	3	4	3	3	5	3	4	4	5	3	4	4	4	3	4	4	8	4	2	3	3	3	5	4	5	2	3	5	3	2	3	3	3
2025	C000061	100	100	100	100	100	100	psychological_value	loyalist	mixed	clinic	metro	<40	<50	emr	5	basic	5	4	3	3	5	4	4	3	5	3	5	3	5	4	5	4	4	4	4	3	3	3	5	4	4	5	4	4	5	5	10	\N	\N	\N	\N	\N	\N	\N	\N	4	3	4	3	2	3	3	2
2025	C000062	75	100	80	0	89.01347681794678	82.00673840897339	general_majority_2	love-hate	mixed	pharmacy	seoul	50+	100+	pms	0	basic	3	4	3	4	3	4	5	4	5	4	5	3	2	4	4	4	2	3	3	5	4	4	3	3	5	3	4	3	4	5	8	5	4	3	3	2	3	5	5	3	1	2	5	4	2	5	2
2025	C000063	100	75	80	0	77.74663079551331	88.87331539775666	general_majority_2	love-hate	D	clinic	seoul	50+	100+	emr	6	basic	5	3	3	4	5	4	5	4	4	4	4	3	3	3	5	5	4	5	4	3	5	3	4	3	4	3	4	3	5	4	8	\N	\N	\N	\N	\N	\N	\N	\N	4	4	3	3	3	2	3	3
2025	C000064	100	75	100	100	88.73315397756653	94.36657698878327	leisure_seeking	apostle	C	clinic	metro	40s	<50	emr	9	premium	5	3	2	4	5	3	4	3	4	3	5	5	4	5	3	4	3	3	4	4	3	4	4	3	4	4	3	4	5	4	10	5	4	1	3	5	4	2	3	3	3	2	4	2	3	3	4
\.


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_version (version, applied_at) FROM stdin;
1	2026-12-04 01:32:17.553395+00
\.


--
-- Data for Name: voc_private; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.voc_private (wave, resp_id, voc) FROM stdin;
2024	C000015	Please add a mobile app
2024	C000040	가격이 조금 부담됩니다
2025	C000043	청구 화면이 느려요
2025	C000051	교육 자료가 더 있으면 좋겠어요
2025	C000056	Please add a mobile app
\.


--
-- Data for Name: waves; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.waves (wave, file, file_hash, n, stored_at, codebook, columns, settings, model) FROM stdin;
2024	wave_2024.csv	95b002b22512de429d6943def4140304cc61be7eca1f4b3ab304d6286e5abe50	40	2026-12-04 01:32:18.418613+00	/work/wt-db/data/codebook.yml	{"profile": ["customer_type", "region", "age_band", "volume"], "activity": ["division", "tenure_years", "maintenance"], "attitudes": ["b_convenience", "eb_convenience", "b_speed", "eb_speed", "b_accuracy", "eb_accuracy", "b_cost", "eb_cost", "b_image", "eb_image", "b_service", "eb_service", "b_price", "eb_price", "v_stability", "ev_stability", "v_efficiency", "ev_efficiency", "v_relationship", "ev_relationship", "v_revenue", "ev_revenue", "v_reassurance", "ev_reassurance", "v_confidence", "ev_confidence", "v_leisure", "ev_leisure", "cs", "repurchase", "recommend", "comp_cs", "comp_v_stability", "comp_v_efficiency", "comp_v_relationship", "comp_v_revenue", "comp_v_reassurance", "comp_v_confidence", "comp_v_leisure", "disc_d1", "disc_d2", "disc_i1", "disc_i2", "disc_s1", "disc_s2", "disc_c1", "disc_c2"], "indices": ["cs100", "repurchase100", "recommend100", "nps_score", "cls", "cvi"], "segments": ["value_segment", "loyalty_tier", "disc_type"]}	{"seed": 20240601, "alpha": 0.05, "cls_weights": null, "cvi_weights": {"cs": 0.5, "cls": 0.5}, "n_boot": 1000, "simulation_delta": 0.5, "simulation_paths": "significant", "crosshair": "mean", "n_factors": "parallel", "rotation": "varimax", "k": "silhouette", "k_range": [3, 8], "cluster_sample_max": 50000, "cls_weights_source": null}	{"synthetic_data": true, "base_wave": "2024", "cls_weights": {"repurchase": 0.4506738408973393, "recommend": 0.5493261591026606}, "cls_weights_source": "estimated on the base wave 2024 and reused for later waves", "cvi_weights": {"cs": 0.5, "cls": 0.5}, "thresholds": {"promoter_min": 9, "detractor_max": 6, "repurchase_strong": 5, "repurchase_weak": 4, "small_base": 30, "disclosure_min": 5, "min_division_n": 100}, "goals": {"cvi": 75.0, "cls": 75.0, "nps": 10.0}, "seed": 20240601, "codebook": {"name": "CS value survey (default instrument)", "source": "/work/wt-db/data/codebook.yml", "sha256": "17a8c94e15a44a6d112150903b8db8ccd4b0a1916a8f152d18847eae006e92c3"}, "versions": {"csvalue": "0.1.0", "numpy": "2.4.6", "pandas": "2.3.3", "scipy": "1.17.1", "statsmodels": "0.15.0", "scikit-learn": "1.7.2"}, "missing_policy": {"rejected_rows": "Rows rejected by the loader (an answer outside its scale, not a whole number, not a number, an unknown category, no respondent id) are left out of every analysis and listed in rejects_<wave>.csv; blank rows are skipped and counted. Missing answers are not a reason to reject a row.", "indices": "Each index uses the respondents who answered what it needs and reports that n per index and scope (indices.csv n): CS needs cs; repurchase needs repurchase; recommend and NPS need recommend; CLS needs repurchase and recommend; CVI needs cs, repurchase and recommend.", "cls": "CLS needs both loyalty items (repurchase and recommend): a respondent missing either has no CLS and so no CVI. CLS weights estimated on the base wave use, for each loyalty item, the respondents who answered cs and that item (pairwise).", "impacts": "Listwise per model: a respondent missing the outcome or any predictor of a model is left out of that model only; each model reports its n (impacts.csv n). The bootstrap resamples the same complete rows.", "strategy": "A value's gap averages expectation100 - satisfaction100 over the respondents who answered both items of that value; a benefit's satisfaction averages the respondents who answered it. Impacts follow the impacts rule.", "segmentation": "Factor analysis and k-means use the respondents who answered every expectation item (listwise); the others get no value segment (their number is in the notes). Loyalty tiers need repurchase and recommend. Segment indices follow the indices rule; segment profile cross-tabs count the respondents with a segment and a value for that profile item.", "profile": "A respondent with no value for a profile category counts in the company figures and in that category's <category>:(missing) scope of indices.csv (small-base and suppression flags apply), not in any level of the category, not in any division's impacts or strategy tables, and not in the segment profile cross-tabs. The notes give the counts.", "changes": "Independent-wave tests use every respondent with the index in each wave; panel tests use the respondents present in both waves with the index in both.", "straightliners": "Flagged by the loader (quality counts) and kept in every analysis."}, "notes": ["wave 2024: division:emr has n = 17 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2024: division:pms has n = 13 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2024: division:supplies has n = 10 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2024: KMO = 0.56 < 0.6: the expectation items share too little common variance for a trustworthy factor solution; read the value segments with caution", "wave 2024: 1 respondents missing an expectation answer have no value segment", "wave 2024: Benefit-seeking (2): more segments than factors: shares its dominant factor (work_process) and no factor is left to name it", "wave 2024: Work-value (2): more segments than factors: shares its dominant factor (efficiency_stability) and no factor is left to name it", "wave 2024: General majority (2): more segments than factors: shares its dominant factor (recognition_performance) and no factor is left to name it", "wave 2025: division:emr has n = 17 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2025: division:pms has n = 18 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2025: division:supplies has n = 5 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2025: 4 respondents missing an expectation answer have no value segment", "wave 2025: Benefit-seeking (2): more segments than factors: shares its dominant factor (work_process) and no factor is left to name it", "wave 2025: General majority (2): more segments than factors: shares its dominant factor (recognition_performance) and no factor is left to name it", "wave 2025: Psychological-value (2): more segments than factors: shares its dominant factor (trust_confidence) and no factor is left to name it", "wave 2025: Leisure-seeking (2): more segments than factors: shares its dominant factor (leisure_basics) and no factor is left to name it"], "wave": {"wave": "2024", "n": 40, "source": "wave_2024.csv", "sha256": "95b002b22512de429d6943def4140304cc61be7eca1f4b3ab304d6286e5abe50", "rejected": 0, "rejects": "rejects_2024.csv"}}
2025	wave_2025.csv	9fb136149b79f824a265bf30b31846720c76e53a9a7b8160fc4709af7a29e60f	40	2026-12-04 01:32:18.448206+00	/work/wt-db/data/codebook.yml	{"profile": ["customer_type", "region", "age_band", "volume"], "activity": ["division", "tenure_years", "maintenance"], "attitudes": ["b_convenience", "eb_convenience", "b_speed", "eb_speed", "b_accuracy", "eb_accuracy", "b_cost", "eb_cost", "b_image", "eb_image", "b_service", "eb_service", "b_price", "eb_price", "v_stability", "ev_stability", "v_efficiency", "ev_efficiency", "v_relationship", "ev_relationship", "v_revenue", "ev_revenue", "v_reassurance", "ev_reassurance", "v_confidence", "ev_confidence", "v_leisure", "ev_leisure", "cs", "repurchase", "recommend", "comp_cs", "comp_v_stability", "comp_v_efficiency", "comp_v_relationship", "comp_v_revenue", "comp_v_reassurance", "comp_v_confidence", "comp_v_leisure", "disc_d1", "disc_d2", "disc_i1", "disc_i2", "disc_s1", "disc_s2", "disc_c1", "disc_c2"], "indices": ["cs100", "repurchase100", "recommend100", "nps_score", "cls", "cvi"], "segments": ["value_segment", "loyalty_tier", "disc_type"]}	{"seed": 20240601, "alpha": 0.05, "cls_weights": null, "cvi_weights": {"cs": 0.5, "cls": 0.5}, "n_boot": 1000, "simulation_delta": 0.5, "simulation_paths": "significant", "crosshair": "mean", "n_factors": "parallel", "rotation": "varimax", "k": "silhouette", "k_range": [3, 8], "cluster_sample_max": 50000, "cls_weights_source": null}	{"synthetic_data": true, "base_wave": "2024", "cls_weights": {"repurchase": 0.4506738408973393, "recommend": 0.5493261591026606}, "cls_weights_source": "estimated on the base wave 2024 and reused for later waves", "cvi_weights": {"cs": 0.5, "cls": 0.5}, "thresholds": {"promoter_min": 9, "detractor_max": 6, "repurchase_strong": 5, "repurchase_weak": 4, "small_base": 30, "disclosure_min": 5, "min_division_n": 100}, "goals": {"cvi": 75.0, "cls": 75.0, "nps": 10.0}, "seed": 20240601, "codebook": {"name": "CS value survey (default instrument)", "source": "/work/wt-db/data/codebook.yml", "sha256": "17a8c94e15a44a6d112150903b8db8ccd4b0a1916a8f152d18847eae006e92c3"}, "versions": {"csvalue": "0.1.0", "numpy": "2.4.6", "pandas": "2.3.3", "scipy": "1.17.1", "statsmodels": "0.15.0", "scikit-learn": "1.7.2"}, "missing_policy": {"rejected_rows": "Rows rejected by the loader (an answer outside its scale, not a whole number, not a number, an unknown category, no respondent id) are left out of every analysis and listed in rejects_<wave>.csv; blank rows are skipped and counted. Missing answers are not a reason to reject a row.", "indices": "Each index uses the respondents who answered what it needs and reports that n per index and scope (indices.csv n): CS needs cs; repurchase needs repurchase; recommend and NPS need recommend; CLS needs repurchase and recommend; CVI needs cs, repurchase and recommend.", "cls": "CLS needs both loyalty items (repurchase and recommend): a respondent missing either has no CLS and so no CVI. CLS weights estimated on the base wave use, for each loyalty item, the respondents who answered cs and that item (pairwise).", "impacts": "Listwise per model: a respondent missing the outcome or any predictor of a model is left out of that model only; each model reports its n (impacts.csv n). The bootstrap resamples the same complete rows.", "strategy": "A value's gap averages expectation100 - satisfaction100 over the respondents who answered both items of that value; a benefit's satisfaction averages the respondents who answered it. Impacts follow the impacts rule.", "segmentation": "Factor analysis and k-means use the respondents who answered every expectation item (listwise); the others get no value segment (their number is in the notes). Loyalty tiers need repurchase and recommend. Segment indices follow the indices rule; segment profile cross-tabs count the respondents with a segment and a value for that profile item.", "profile": "A respondent with no value for a profile category counts in the company figures and in that category's <category>:(missing) scope of indices.csv (small-base and suppression flags apply), not in any level of the category, not in any division's impacts or strategy tables, and not in the segment profile cross-tabs. The notes give the counts.", "changes": "Independent-wave tests use every respondent with the index in each wave; panel tests use the respondents present in both waves with the index in both.", "straightliners": "Flagged by the loader (quality counts) and kept in every analysis."}, "notes": ["wave 2024: division:emr has n = 17 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2024: division:pms has n = 13 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2024: division:supplies has n = 10 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2024: KMO = 0.56 < 0.6: the expectation items share too little common variance for a trustworthy factor solution; read the value segments with caution", "wave 2024: 1 respondents missing an expectation answer have no value segment", "wave 2024: Benefit-seeking (2): more segments than factors: shares its dominant factor (work_process) and no factor is left to name it", "wave 2024: Work-value (2): more segments than factors: shares its dominant factor (efficiency_stability) and no factor is left to name it", "wave 2024: General majority (2): more segments than factors: shares its dominant factor (recognition_performance) and no factor is left to name it", "wave 2025: division:emr has n = 17 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2025: division:pms has n = 18 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2025: division:supplies has n = 5 < 100: its strategy uses the company-wide impacts with its own gaps and satisfaction", "wave 2025: 4 respondents missing an expectation answer have no value segment", "wave 2025: Benefit-seeking (2): more segments than factors: shares its dominant factor (work_process) and no factor is left to name it", "wave 2025: General majority (2): more segments than factors: shares its dominant factor (recognition_performance) and no factor is left to name it", "wave 2025: Psychological-value (2): more segments than factors: shares its dominant factor (trust_confidence) and no factor is left to name it", "wave 2025: Leisure-seeking (2): more segments than factors: shares its dominant factor (leisure_basics) and no factor is left to name it"], "wave": {"wave": "2025", "n": 40, "source": "wave_2025.csv", "sha256": "9fb136149b79f824a265bf30b31846720c76e53a9a7b8160fc4709af7a29e60f", "rejected": 0, "rejects": "rejects_2025.csv"}}
\.


--
-- Name: schema_version_version_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.schema_version_version_seq', 1, false);


--
-- Name: respondents respondents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.respondents
    ADD CONSTRAINT respondents_pkey PRIMARY KEY (wave, resp_id);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: voc_private voc_private_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voc_private
    ADD CONSTRAINT voc_private_pkey PRIMARY KEY (wave, resp_id);


--
-- Name: waves waves_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.waves
    ADD CONSTRAINT waves_pkey PRIMARY KEY (wave);


--
-- Name: respondents respondents_wave_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.respondents
    ADD CONSTRAINT respondents_wave_fkey FOREIGN KEY (wave) REFERENCES public.waves(wave);


--
-- Name: voc_private voc_private_wave_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voc_private
    ADD CONSTRAINT voc_private_wave_fkey FOREIGN KEY (wave) REFERENCES public.waves(wave);


--
-- PostgreSQL database dump complete
--


